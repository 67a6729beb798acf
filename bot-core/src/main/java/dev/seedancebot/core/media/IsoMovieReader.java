package dev.seedancebot.core.media;

import com.drew.imaging.mp4.Mp4MetadataReader;
import com.drew.imaging.quicktime.QuickTimeMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import dev.seedancebot.core.media.ProbeResult.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Reads duration, frame size and frame rate of an MP4 or MOV file.
 *
 * <p>The movie header ({@code moov}) usually sits after the media data, so the top-level boxes are walked by their
 * headers alone, seeking over {@code mdat}. metadata-extractor then parses a copy of {@code moov} that keeps only the
 * boxes it needs and whose sizes were checked here: its stream reader allocates whatever a box header claims, so a
 * lying size must never reach it. The entry counts of the sample tables it reads ({@code stsd}, {@code stts}) are
 * checked too: it sizes a list from the count before reading a single entry.
 *
 * <p>Every box visited, kept or skipped, at any depth, is a step of the probe's {@link ProbeBudget}. Nesting is
 * bounded by {@link #KEPT}: only its containers are descended into, and none of them is kept inside itself or a
 * descendant, so a movie header is at most six boxes deep whatever the file claims.
 *
 * <p>The frame rate is computed here from all time-to-sample entries of the video track: metadata-extractor uses only
 * the first entry, which under-reports variable-frame-rate phone recordings.
 */
final class IsoMovieReader {

    /** The boxes kept per container; everything else (sample size and offset tables, user data, edit lists) is skipped. */
    private static final Map<String, Set<String>> KEPT = Map.of(
            "moov", Set.of("mvhd", "trak"),
            "trak", Set.of("tkhd", "mdia"),
            "mdia", Set.of("mdhd", "hdlr", "minf"),
            "minf", Set.of("vmhd", "stbl"),
            "stbl", Set.of("stsd", "stts"));

    /** Bounds the copy: real movie headers without their sample tables are a few kilobytes. */
    private static final int MAX_COPY_BYTES = 4 << 20;

    private static final int MAX_BOXES_PER_CONTAINER = 4096;

    /** The smallest entry of a sample table: 8 bytes (count and delta) in {@code stts}, a bare box in {@code stsd}. */
    private static final int MIN_TABLE_ENTRY_BYTES = 8;

    private final FileChannel channel;
    private final ProbeBudget budget;
    private long copied;
    private TrackFacts track;
    private Double videoFps;

    /** What one {@code trak} says about its samples, gathered while it is copied. */
    private static final class TrackFacts {
        String handler = "";
        long timeScale;
        long duration;
        long samples;
    }

    private IsoMovieReader(FileChannel channel, ProbeBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    static MediaInfo read(FileChannel channel, MediaFormat format, long fileSize, ProbeBudget budget)
            throws IOException, MediaReadException {
        IsoMovieReader reader = new IsoMovieReader(channel, budget);
        byte[] movieHeader = reader.copy(reader.findMoov(fileSize));
        boolean mov = format == MediaFormat.MOV;
        Metadata metadata = mov
                ? QuickTimeMetadataReader.readMetadata(new ByteArrayInputStream(movieHeader))
                : Mp4MetadataReader.readMetadata(new ByteArrayInputStream(movieHeader));
        Tags tags = mov ? Tags.QUICKTIME : Tags.MP4;
        Directory movie = metadata.getFirstDirectoryOfType(tags.movie());
        Directory video = metadata.getFirstDirectoryOfType(tags.video());
        if (video == null) {
            throw new MediaReadException(Reason.CORRUPT, "no video track");
        }
        Long duration = movie == null ? null : movie.getLongObject(tags.duration());
        Long timeScale = movie == null ? null : movie.getLongObject(tags.timeScale());
        Integer width = video.getInteger(tags.width());
        Integer height = video.getInteger(tags.height());
        if (duration == null || timeScale == null || duration <= 0 || timeScale <= 0) {
            throw new MediaReadException(Reason.CORRUPT, "movie header has no duration");
        }
        if (width == null || height == null || width <= 0 || height <= 0) {
            throw new MediaReadException(Reason.CORRUPT, "video track has no frame size");
        }
        return new MediaInfo(format, fileSize, width, height, (double) duration / timeScale, reader.videoFps);
    }

    private record Box(String type, long start, int headerSize, long end) {}

    /** metadata-extractor's directory types and tag ids, which differ between its MP4 and QuickTime readers. */
    private record Tags(
            Class<? extends Directory> movie, Class<? extends Directory> video, int duration, int timeScale,
            int width, int height) {
        static final Tags MP4 = new Tags(Mp4Directory.class, Mp4VideoDirectory.class, Mp4Directory.TAG_DURATION,
                Mp4Directory.TAG_TIME_SCALE, Mp4VideoDirectory.TAG_WIDTH, Mp4VideoDirectory.TAG_HEIGHT);
        static final Tags QUICKTIME = new Tags(QuickTimeDirectory.class, QuickTimeVideoDirectory.class,
                QuickTimeDirectory.TAG_DURATION, QuickTimeDirectory.TAG_TIME_SCALE, QuickTimeVideoDirectory.TAG_WIDTH,
                QuickTimeVideoDirectory.TAG_HEIGHT);
    }

    /** Walks every top-level box, so that a file cut short after a leading {@code moov} is still caught. */
    private Box findMoov(long fileSize) throws IOException, MediaReadException {
        Box moov = null;
        long position = 0;
        int count = 0;
        while (fileSize - position >= 8) {
            if (++count > MAX_BOXES_PER_CONTAINER) {
                throw new MediaReadException(Reason.CORRUPT, "too many top-level boxes");
            }
            Box box = readBox(position, fileSize, Reason.TRUNCATED);
            if (box.type().equals("moov") && moov == null) {
                moov = box;
            }
            position = box.end();
        }
        if (moov == null) {
            throw new MediaReadException(Reason.TRUNCATED, "no movie header (moov box)");
        }
        return moov;
    }

    private Box readBox(long position, long limit, Reason overrun)
            throws IOException, MediaReadException {
        budget.step();
        byte[] header = FileBytes.readAt(channel, position, (int) Math.min(16, limit - position));
        long size = FileBytes.beUInt32(header, 0);
        String type = FileBytes.ascii(header, 4, 4);
        int headerSize = 8;
        if (size == 1) {
            if (header.length < 16) {
                throw new MediaReadException(overrun, "box " + type + " header is cut off");
            }
            size = FileBytes.beInt64(header, 8);
            headerSize = 16;
        } else if (size == 0) {
            size = limit - position;
        }
        if (size < headerSize) {
            throw new MediaReadException(Reason.CORRUPT, "box " + type + " claims " + size + " bytes");
        }
        if (size > limit - position) {
            throw new MediaReadException(overrun, "box " + type + " at " + position + " runs past its end");
        }
        return new Box(type, position, headerSize, position + size);
    }

    /** Copies {@code box}, keeping only the {@link #KEPT} children of containers; leaves are copied as they are. */
    private byte[] copy(Box box) throws IOException, MediaReadException {
        Set<String> kept = KEPT.get(box.type());
        if (kept == null) {
            long length = box.end() - box.start();
            copied += length;
            if (copied > MAX_COPY_BYTES) {
                throw new MediaReadException(Reason.CORRUPT, "movie header is implausibly large");
            }
            byte[] leaf = FileBytes.readAt(channel, box.start(), (int) length);
            checkEntryCount(box, leaf);
            if (track != null) {
                note(box, leaf);
            }
            return leaf;
        }
        if (box.type().equals("trak")) {
            track = new TrackFacts();
        }
        ByteArrayOutputStream children = new ByteArrayOutputStream();
        long position = box.start() + box.headerSize();
        int count = 0;
        // Fewer than 8 bytes left is padding some muxers write; it cannot hold a box.
        while (box.end() - position >= 8) {
            if (++count > MAX_BOXES_PER_CONTAINER) {
                throw new MediaReadException(Reason.CORRUPT, "too many boxes in " + box.type());
            }
            Box child = readBox(position, box.end(), Reason.CORRUPT);
            if (kept.contains(child.type())) {
                children.writeBytes(copy(child));
            }
            position = child.end();
        }
        int size = 8 + children.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write(size >>> 24);
        out.write(size >>> 16);
        out.write(size >>> 8);
        out.write(size);
        out.writeBytes(box.type().getBytes(StandardCharsets.ISO_8859_1));
        children.writeTo(out);
        if (box.type().equals("trak")) {
            finishTrack();
        }
        return out.toByteArray();
    }

    /**
     * A sample table whose entry count cannot fit in its box is refused: metadata-extractor would size a list from
     * the count (0x7FFFFFF0 entries in a 381-byte file is 8 GB of references) before its first read failed.
     */
    private static void checkEntryCount(Box box, byte[] leaf) throws MediaReadException {
        if (!box.type().equals("stts") && !box.type().equals("stsd")) {
            return;
        }
        // version and flags, then the 32-bit entry count
        int entriesAt = box.headerSize() + 4;
        if (leaf.length < entriesAt + 4) {
            throw new MediaReadException(Reason.CORRUPT, "box " + box.type() + " has no entry count");
        }
        long entries = FileBytes.beUInt32(leaf, entriesAt);
        long fit = (leaf.length - entriesAt - 4) / MIN_TABLE_ENTRY_BYTES;
        if (entries > fit) {
            throw new MediaReadException(Reason.CORRUPT,
                    "box " + box.type() + " claims " + entries + " entries but has room for " + fit);
        }
    }

    /** Records handler type, media time scale and duration, and the sample count of the current track. */
    private void note(Box box, byte[] leaf) {
        int payload = box.headerSize();
        switch (box.type()) {
            case "hdlr" -> {
                if (leaf.length >= payload + 12) {
                    track.handler = FileBytes.ascii(leaf, payload + 8, 4);
                }
            }
            case "mdhd" -> {
                boolean version1 = leaf.length > payload && leaf[payload] == 1;
                int timeScaleAt = payload + (version1 ? 20 : 12);
                int durationAt = timeScaleAt + 4;
                if (leaf.length >= durationAt + (version1 ? 8 : 4)) {
                    track.timeScale = FileBytes.beUInt32(leaf, timeScaleAt);
                    track.duration =
                            version1 ? FileBytes.beInt64(leaf, durationAt) : FileBytes.beUInt32(leaf, durationAt);
                }
            }
            case "stts" -> {
                // checkEntryCount has made sure that every counted entry is present
                long entries = FileBytes.beUInt32(leaf, payload + 4);
                for (int i = 0; i < entries; i++) {
                    track.samples += FileBytes.beUInt32(leaf, payload + 8 + 8 * i);
                }
            }
            default -> {}
        }
    }

    private void finishTrack() {
        if (videoFps == null && track.handler.equals("vide") && track.timeScale > 0 && track.duration > 0
                && track.samples > 0) {
            videoFps = track.samples * (double) track.timeScale / track.duration;
        }
        track = null;
    }
}
