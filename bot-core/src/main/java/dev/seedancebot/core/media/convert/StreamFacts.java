package dev.seedancebot.core.media.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What ffprobe says about a file that the header prober could not accept: its first real video stream (cover art
 * embedded in audio files does not count) and its first audio stream.
 *
 * @param width displayed width, after the rotation a phone stores beside the picture; 0 without video
 * @param height displayed height; 0 without video
 * @param fps average frames per second of the video; 0 when unknown or without video
 * @param seconds playing time; 0 for still pictures and when unknown
 */
record StreamFacts(String container, String videoCodec, int width, int height, double fps, String audioCodec,
        double seconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean hasVideo() {
        return videoCodec != null;
    }

    boolean hasAudio() {
        return audioCodec != null;
    }

    double aspect() {
        return height == 0 ? 0 : (double) width / height;
    }

    /** Reads the output of {@code ffprobe -of json -show_format -show_streams}. */
    static StreamFacts parse(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            boolean cover = stream.path("disposition").path("attached_pic").asInt() == 1;
            if (type.equals("video") && !cover && video == null) {
                video = stream;
            } else if (type.equals("audio") && audio == null) {
                audio = stream;
            }
        }
        JsonNode format = root.path("format");
        double seconds = format.path("duration").asDouble(0);
        if (!(seconds > 0) && video != null) {
            seconds = video.path("duration").asDouble(0);
        }
        int width = video == null ? 0 : video.path("width").asInt();
        int height = video == null ? 0 : video.path("height").asInt();
        if (video != null && Math.abs(rotation(video)) % 180 == 90) {
            int swap = width;
            width = height;
            height = swap;
        }
        return new StreamFacts(format.path("format_name").asText(""),
                video == null ? null : video.path("codec_name").asText("unknown"), width, height,
                video == null ? 0 : rate(video.path("avg_frame_rate").asText("")),
                audio == null ? null : audio.path("codec_name").asText("unknown"), Math.max(0, seconds));
    }

    /** Degrees from the display matrix (ffmpeg 5+) or the older {@code rotate} tag; 0 if neither. */
    private static int rotation(JsonNode stream) {
        for (JsonNode side : stream.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asInt();
            }
        }
        return stream.path("tags").path("rotate").asInt(0);
    }

    /** "30000/1001" as a number; 0 for "0/0" or anything unreadable. */
    private static double rate(String fraction) {
        int slash = fraction.indexOf('/');
        try {
            if (slash < 0) {
                return Double.parseDouble(fraction);
            }
            double denominator = Double.parseDouble(fraction.substring(slash + 1));
            return denominator == 0 ? 0 : Double.parseDouble(fraction.substring(0, slash)) / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
