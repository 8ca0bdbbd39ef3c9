package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Decrypt}: One item verified and decrypted, materials fetch included. */
@Name("dev.coffer.Decrypt")
@Label("Coffer Decrypt")
@Description("One item verified and decrypted, materials fetch included.")
final class DecryptEvent extends CofferJfrEvent {
}
