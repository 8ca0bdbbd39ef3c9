package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Encrypt}: One item encrypted and signed, materials fetch included. */
// One event per item: off unless a recording enables it; the rare events (KMS calls, cache
// refreshes, integrity failures) are on in every recording.
@Enabled(false)
@Name("dev.coffer.Encrypt")
@Label("Coffer Encrypt")
@Description("One item encrypted and signed, materials fetch included.")
final class EncryptEvent extends CofferJfrEvent {
}
