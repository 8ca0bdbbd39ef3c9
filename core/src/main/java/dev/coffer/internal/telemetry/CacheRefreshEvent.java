package dev.coffer.internal.telemetry;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR event {@code dev.coffer.CacheRefresh}: A materials cache entry loaded or refreshed from the provider behind it. */
@Name("dev.coffer.CacheRefresh")
@Label("Coffer Cache Refresh")
@Description("A materials cache entry loaded or refreshed from the provider behind it.")
final class CacheRefreshEvent extends CofferJfrEvent {
    @Label("Serving Stale")
    @Description("The refresh failed and the previous copy stays in use (grace period).")
    boolean servingStale;
}
