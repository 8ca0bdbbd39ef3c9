package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Materials}: One call of the table's materials provider. */
// One event per item: off unless a recording enables it; the rare events (KMS calls, cache
// refreshes, integrity failures) are on in every recording.
@Enabled(false)
@Name("dev.coffer.Materials")
@Label("Coffer Materials Fetch")
@Description("One call of the table's materials provider.")
final class MaterialsEvent extends CofferJfrEvent {
}
