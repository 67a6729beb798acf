package dev.seedancebot.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Raw string values by {@code section.key}, each with where it came from and whether it was reported bad. */
final class ConfigValues {
    final ObjectNode defaults;
    private final Map<String, String> raw = new LinkedHashMap<>();
    private final Map<String, String> origin = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();

    ConfigValues(ObjectNode defaults) {
        this.defaults = defaults;
        defaults.fields().forEachRemaining(section -> section.getValue().fields().forEachRemaining(entry -> {
            String key = section.getKey() + "." + entry.getKey();
            raw.put(key, scalarOrList(entry.getValue()));
            origin.put(key, "defaults");
        }));
    }

    /** Lists are kept as comma-separated text, the same form their environment variables take. */
    static String scalarOrList(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            return String.join(",", items);
        }
        return node.asText();
    }

    boolean known(String key) {
        return raw.containsKey(key);
    }

    List<String> keys() {
        return List.copyOf(raw.keySet());
    }

    void put(String key, String value, String from) {
        raw.put(key, value == null || value.isBlank() ? null : value);
        origin.put(key, from);
    }

    String raw(String key) {
        return raw.get(key);
    }

    String origin(String key) {
        return origin.getOrDefault(key, "defaults");
    }

    void reported(String key) {
        reported.add(key);
    }

    boolean wasReported(String key) {
        return reported.contains(key);
    }
}
