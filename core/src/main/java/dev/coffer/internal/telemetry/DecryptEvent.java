package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Decrypt}: One item verified and decrypted, materials fetch included. */
// One event per item: off unless a recording enables it; the rare events (KMS calls, cache
// refreshes, integrity failures) are on in every recording.
@Enabled(false)
@Name("dev.coffer.Decrypt")
@Label("Coffer Decrypt")
@Description("One item verified and decrypted, materials fetch included.")
final class DecryptEvent extends CofferJfrEvent {
}
