package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.Encrypt}: One item encrypted and signed, materials fetch included. */
@Name("dev.coffer.Encrypt")
@Label("Coffer Encrypt")
@Description("One item encrypted and signed, materials fetch included.")
final class EncryptEvent extends CofferJfrEvent {
}
