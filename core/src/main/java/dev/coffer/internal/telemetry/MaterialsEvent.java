package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Materials}: One call of the table's materials provider. */
@Name("dev.coffer.Materials")
@Label("Coffer Materials Fetch")
@Description("One call of the table's materials provider.")
final class MaterialsEvent extends CofferJfrEvent {
}
