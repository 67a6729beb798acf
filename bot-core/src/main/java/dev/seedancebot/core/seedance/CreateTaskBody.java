package dev.seedancebot.core.seedance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Body of {@code POST /v1/video/generations}, field for field as in {@code openapi-create.yaml}. Null fields are left
 * out; the names are explicit so that a naming strategy on the shared {@code ObjectMapper} cannot change them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"model", "content", "generate_audio", "resolution", "ratio", "duration", "tools", "watermark"})
record CreateTaskBody(
        @JsonProperty("model") String model,
        @JsonProperty("content") List<ContentItem> content,
        @JsonProperty("generate_audio") Boolean generateAudio,
        @JsonProperty("resolution") String resolution,
        @JsonProperty("ratio") String ratio,
        @JsonProperty("duration") Integer duration,
        @JsonProperty("tools") List<Tool> tools,
        @JsonProperty("watermark") Boolean watermark) {

    /** One entry of {@code content}: either {@code text}, or one of the three media objects with its role. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "text", "image_url", "video_url", "audio_url", "role"})
    record ContentItem(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text,
            @JsonProperty("image_url") MediaUrl imageUrl,
            @JsonProperty("video_url") MediaUrl videoUrl,
            @JsonProperty("audio_url") MediaUrl audioUrl,
            @JsonProperty("role") String role) {

        static ContentItem text(String text) {
            return new ContentItem("text", text, null, null, null, null);
        }

        static ContentItem image(String url, String role) {
            return new ContentItem("image_url", null, new MediaUrl(url), null, null, role);
        }

        static ContentItem video(String url, String role) {
            return new ContentItem("video_url", null, null, new MediaUrl(url), null, role);
        }

        static ContentItem audio(String url, String role) {
            return new ContentItem("audio_url", null, null, null, new MediaUrl(url), role);
        }
    }

    record MediaUrl(@JsonProperty("url") String url) {}

    record Tool(@JsonProperty("type") String type) {}
}
