package dev.seedancebot.core.request;

/** The input mode of a request, derived from its media roles and intent (see {@link VideoRequest#mode()}). */
public enum GenerationMode {
    TEXT_TO_VIDEO("text to video"),
    FIRST_FRAME("image to video (first frame)"),
    FIRST_LAST_FRAME("image to video (first and last frame)"),
    REFERENCE("multimodal reference"),
    EDIT("video edit"),
    EXTEND("video extension");

    private final String description;

    GenerationMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
