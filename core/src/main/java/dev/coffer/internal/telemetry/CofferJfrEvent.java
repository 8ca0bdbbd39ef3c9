package dev.coffer.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/** The fields every Coffer JFR event has: names and outcomes only, never values or keys. */
@Category({"Coffer"})
@StackTrace(false)
abstract class CofferJfrEvent extends Event {
    @Label("Table")
    String table;

    @Label("Provider")
    String provider;

    @Label("Operation")
    String operation;

    @Label("Outcome")
    String outcome;

    @Label("Error Type")
    String errorType;
}
