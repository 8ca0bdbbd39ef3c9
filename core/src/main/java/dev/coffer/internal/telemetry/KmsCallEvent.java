package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.KmsCall}: One request to KMS (or another key service a provider reports). */
@Name("dev.coffer.KmsCall")
@Label("Coffer KMS Call")
@Description("One request to KMS (or another key service a provider reports).")
final class KmsCallEvent extends CofferJfrEvent {
}
