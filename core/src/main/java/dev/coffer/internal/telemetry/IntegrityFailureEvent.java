package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.IntegrityFailure}: An item failed verification on read. */
@Name("dev.coffer.IntegrityFailure")
@Label("Coffer Integrity Failure")
@Description("An item failed verification on read.")
final class IntegrityFailureEvent extends CofferJfrEvent {
}
