package dev.seedancebot.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.MediaInput;
import dev.seedancebot.core.request.MediaRole;
import dev.seedancebot.core.request.MediaSource;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Stores options and media of a task as small JSON documents, so a restart can rebuild the exact request. */
final class TaskCodec {
    private final ObjectMapper mapper = new ObjectMapper();

    String options(VideoOptions o) {
        ObjectNode n = mapper.createObjectNode()
                .put("duration", o.durationSeconds())
                .put("resolution", o.resolution().wireName())
                .put("ratio", o.ratio().wireName())
                .put("audio", o.generateAudio())
                .put("webSearch", o.webSearch())
                .put("watermark", o.watermark())
                .put("spoiler", o.spoiler());
        return n.toString();
    }

    VideoOptions options(String json) {
        JsonNode n = read(json);
        return new VideoOptions(
                n.path("duration").asInt(),
                Resolution.parse(n.path("resolution").asText()).orElseThrow(),
                AspectRatio.parse(n.path("ratio").asText()).orElseThrow(),
                n.path("audio").asBoolean(),
                n.path("webSearch").asBoolean(),
                n.path("watermark").asBoolean(),
                n.path("spoiler").asBoolean(false));
    }

    String media(List<MediaInput> media) {
        ArrayNode array = mapper.createArrayNode();
        for (MediaInput m : media) {
            ObjectNode n = array.addObject().put("role", m.role().name()).put("label", m.label());
            if (m.source() instanceof MediaSource.LocalFile f) {
                n.put("file", f.path().toString());
            } else if (m.source() instanceof MediaSource.RemoteUrl u) {
                n.put("url", u.uri().toString());
            }
        }
        return array.toString();
    }

    List<MediaInput> media(String json) {
        List<MediaInput> out = new ArrayList<>();
        for (JsonNode n : read(json)) {
            MediaSource source = n.has("file")
                    ? new MediaSource.LocalFile(Path.of(n.get("file").asText()))
                    : new MediaSource.RemoteUrl(URI.create(n.get("url").asText()));
            out.add(new MediaInput(MediaRole.valueOf(n.get("role").asText()), source, n.get("label").asText()));
        }
        return out;
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored task JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
