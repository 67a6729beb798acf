package dev.seedancebot.core.request;

import java.util.Arrays;
import java.util.Optional;

/** Output aspect ratios; {@link #ADAPTIVE} lets the model follow the inputs. */
public enum AspectRatio {
    R16_9("16:9"),
    R4_3("4:3"),
    R1_1("1:1"),
    R3_4("3:4"),
    R9_16("9:16"),
    R21_9("21:9"),
    ADAPTIVE("adaptive");

    private final String wireName;

    AspectRatio(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AspectRatio> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace('x', ':').replace('/', ':');
        return Arrays.stream(values()).filter(r -> r.wireName.equals(t)).findFirst();
    }
}
