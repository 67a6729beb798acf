package dev.seedancebot.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One health check result: the database and each chat adapter, UP or DOWN, plus the number of unfinished tasks.
 * {@link #up()} only when every part is up.
 */
public record Health(boolean databaseUp, Map<String, Boolean> adapters, int unfinishedTasks, boolean stopping) {
    public Health {
        adapters = new LinkedHashMap<>(adapters);
    }

    public boolean up() {
        return databaseUp && !stopping && adapters.values().stream().allMatch(Boolean::booleanValue);
    }

    /** {@code {"status":"UP","database":"UP","adapters":{"telegram":"UP"},"unfinishedTasks":0}}. */
    public String json() {
        String adapterJson = adapters.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + state(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return "{\"status\":\"" + (stopping ? "STOPPING" : state(up())) + "\",\"database\":\"" + state(databaseUp)
                + "\",\"adapters\":" + adapterJson + ",\"unfinishedTasks\":" + unfinishedTasks + "}";
    }

    private static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
