package dev.seedancebot.core.media;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import dev.seedancebot.core.media.ProbeResult.Reason;
import dev.seedancebot.core.media.ProbeResult.Unreadable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Reads format, size, dimensions, duration and frame rate from a file's bytes. The format comes from the magic
 * number, never the file name. Every failure, including zero-byte, truncated and lying files, is returned as
 * {@link Unreadable}; no exception escapes {@link #probe}.
 *
 * <p>Reads are bounded: the first {@value #HEADER_BYTES} bytes for detection and most image headers, at most
 * {@value #JPEG_HEADER_BYTES} bytes for a JPEG whose metadata segments push the frame header further back, and
 * box or chunk headers found by seeking for MP4, MOV and WAV. Only MP3 is read frame header by frame header, because
 * an MP3 has no reliable length field. Files over {@link #MAX_PROBE_BYTES} are not parsed at all.
 *
 * <p>Work is bounded too: a probe visits at most {@link ProbeBudget#MAX_STEPS} boxes, chunks or MP3 resyncs and
 * stops at a deadline, and nothing is allocated from a size a header declares until that size has been checked
 * against the bytes really there. BMP, GIF, TIFF and MP3 are read here; metadata-extractor only parses JPEG frame
 * headers, whose lengths are 16-bit, and movie headers that {@link IsoMovieReader} has checked. Hostile files are
 * refused as {@link Reason#CORRUPT}, like any other damaged file.
 *
 * <p>Stateless and thread-safe.
 */
public final class MediaProber {

    /** The header window read from every file. */
    public static final int HEADER_BYTES = 64 * 1024;

    /**
     * Larger files are reported {@link Reason#TOO_LARGE} without parsing. It is above every per-file limit of
     * Seedance, so a file this large is rejected for its size anyway.
     */
    public static final long MAX_PROBE_BYTES = 64L * 1024 * 1024;

    static final int JPEG_HEADER_BYTES = 1024 * 1024;

    /**
     * How long one probe may take. Real files take milliseconds; the limit only stops a crafted file from holding a
     * worker, and is generous so that a loaded machine does not refuse honest files.
     */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    private final Clock clock;
    private final Duration timeLimit;

    public MediaProber() {
        this(Clock.systemUTC(), DEFAULT_TIME_LIMIT);
    }

    /** {@code timeLimit} bounds each probe, measured on {@code clock}. */
    public MediaProber(Clock clock, Duration timeLimit) {
        this.clock = clock;
        this.timeLimit = timeLimit;
    }

    /** Probes the file at {@code path}. */
    public ProbeResult probe(Path path) {
        return probe(path, new ProbeBudget(clock, timeLimit));
    }

    /** Probes within {@code budget}, which tests inspect afterwards to see how much work a file caused. */
    ProbeResult probe(Path path, ProbeBudget budget) {
        // A FIFO or device would block or never end; only regular files are opened.
        if (!Files.isRegularFile(path)) {
            return new Unreadable(MediaFormat.UNKNOWN, 0, Reason.NOT_FOUND, "not a regular file: " + path);
        }
        long size = 0;
        MediaFormat format = MediaFormat.UNKNOWN;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            size = channel.size();
            if (size == 0) {
                return new Unreadable(format, 0, Reason.EMPTY, "0 bytes");
            }
            byte[] head = FileBytes.readAt(channel, 0, (int) Math.min(size, HEADER_BYTES));
            format = MediaFormat.detect(head, head.length);
            if (format == MediaFormat.UNKNOWN) {
                return new Unreadable(format, size, Reason.UNRECOGNISED, "no known magic number");
            }
            if (size > MAX_PROBE_BYTES) {
                return new Unreadable(format, size, Reason.TOO_LARGE, size + " bytes");
            }
            return read(channel, format, head, size, budget);
        } catch (MediaReadException e) {
            return new Unreadable(format, size, e.reason(), e.getMessage());
        } catch (IOException e) {
            return new Unreadable(format, size, size == 0 ? Reason.NOT_FOUND : Reason.CORRUPT, e.toString());
        } catch (RuntimeException e) {
            // The libraries signal malformed input with assorted unchecked exceptions; all mean the same here.
            return new Unreadable(format, size, Reason.CORRUPT, e.toString());
        } catch (OutOfMemoryError | StackOverflowError e) {
            // The last line of defence, for a hole in the bounds above: a file must never take the process down.
            // Production runs with -XX:+ExitOnOutOfMemoryError, which exits before any catch, so the bounds are what
            // really protect it; this catch covers runs without the flag and stack overflows in the libraries.
            return new Unreadable(format, size, Reason.CORRUPT, e.toString());
        }
    }

    private static MediaInfo read(FileChannel channel, MediaFormat format, byte[] head, long size, ProbeBudget budget)
            throws IOException, MediaReadException {
        return switch (format) {
            case PNG -> png(head, size);
            case WEBP -> webp(head, size);
            case GIF -> gif(head, size);
            case BMP -> BitmapHeader.read(head, size);
            case JPEG -> jpeg(channel, head, size);
            // TIFF keeps its directory anywhere in the file; the reader seeks instead of buffering up to it.
            case TIFF -> TiffHeader.read(channel, head, size);
            // Seedance does not take HEIF for generation, so its dimensions are never needed.
            case HEIF -> new MediaInfo(format, size, 0, 0, 0, null);
            case MP4, MOV -> IsoMovieReader.read(channel, format, size, budget);
            case WAV -> wav(channel, size, budget);
            case MP3 -> Mp3Reader.read(channel, head, size, budget);
            case UNKNOWN -> throw new IllegalStateException("unknown format is handled by probe");
        };
    }

    /** The IHDR chunk must come first, so the size is at a fixed offset. */
    private static MediaInfo png(byte[] head, long size) throws MediaReadException {
        if (head.length < 24) {
            throw new MediaReadException(Reason.TRUNCATED, "PNG header is cut off");
        }
        if (!FileBytes.ascii(head, 12, 4).equals("IHDR")) {
            throw new MediaReadException(Reason.CORRUPT, "PNG does not start with IHDR");
        }
        return imageInfo(MediaFormat.PNG, size, FileBytes.beUInt32(head, 16), FileBytes.beUInt32(head, 20));
    }

    /** The logical screen size follows the 6-byte signature; every frame is drawn inside it. */
    private static MediaInfo gif(byte[] head, long size) throws MediaReadException {
        if (head.length < 10) {
            throw new MediaReadException(Reason.TRUNCATED, "GIF header is cut off");
        }
        return imageInfo(MediaFormat.GIF, size, FileBytes.leUInt16(head, 6), FileBytes.leUInt16(head, 8));
    }

    /** The first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended, with a canvas size). */
    private static MediaInfo webp(byte[] head, long size) throws MediaReadException {
        if (head.length < 30) {
            throw new MediaReadException(Reason.TRUNCATED, "WebP header is cut off");
        }
        String chunk = FileBytes.ascii(head, 12, 4);
        return switch (chunk) {
            case "VP8 " -> {
                if ((head[23] & 0xFF) != 0x9D || (head[24] & 0xFF) != 0x01 || (head[25] & 0xFF) != 0x2A) {
                    throw new MediaReadException(Reason.CORRUPT, "VP8 start code missing");
                }
                yield imageInfo(MediaFormat.WEBP, size,
                        FileBytes.leUInt16(head, 26) & 0x3FFF, FileBytes.leUInt16(head, 28) & 0x3FFF);
            }
            case "VP8L" -> {
                if ((head[20] & 0xFF) != 0x2F) {
                    throw new MediaReadException(Reason.CORRUPT, "VP8L signature missing");
                }
                long bits = FileBytes.leUInt32(head, 21);
                yield imageInfo(MediaFormat.WEBP, size, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> imageInfo(MediaFormat.WEBP, size,
                    FileBytes.leUInt24(head, 24) + 1L, FileBytes.leUInt24(head, 27) + 1L);
            default -> throw new MediaReadException(Reason.CORRUPT, "unknown WebP chunk " + chunk);
        };
    }

    /**
     * metadata-extractor walks the JPEG segments up to the frame header; segment lengths are 16-bit, so its reads stay
     * small. Large EXIF or ICC segments can push the frame header past the first window, hence one wider retry.
     */
    private static MediaInfo jpeg(FileChannel channel, byte[] head, long size)
            throws IOException, MediaReadException {
        MediaInfo info = jpegFrom(head, size);
        if (info == null && size > head.length) {
            info = jpegFrom(FileBytes.readAt(channel, 0, (int) Math.min(size, JPEG_HEADER_BYTES)), size);
        }
        if (info == null) {
            throw new MediaReadException(Reason.CORRUPT, "no JPEG frame header");
        }
        return info;
    }

    private static MediaInfo jpegFrom(byte[] bytes, long size) throws MediaReadException {
        Metadata metadata;
        try {
            metadata = JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new JpegReader()));
        } catch (IOException | JpegProcessingException e) {
            return null;
        }
        JpegDirectory directory = metadata.getFirstDirectoryOfType(JpegDirectory.class);
        if (directory == null) {
            return null;
        }
        Integer width = directory.getInteger(JpegDirectory.TAG_IMAGE_WIDTH);
        Integer height = directory.getInteger(JpegDirectory.TAG_IMAGE_HEIGHT);
        if (width == null || height == null) {
            return null;
        }
        return imageInfo(MediaFormat.JPEG, size, width, height);
    }

    static MediaInfo imageInfo(MediaFormat format, long size, long width, long height)
            throws MediaReadException {
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new MediaReadException(Reason.CORRUPT, "image size " + width + "x" + height);
        }
        return new MediaInfo(format, size, (int) width, (int) height, 0, null);
    }

    /**
     * Walks the RIFF chunks by their headers: the duration is the PCM data length over the byte rate from
     * {@code fmt }. A data chunk longer than the file (an upload cut short) counts only the bytes present.
     */
    private static MediaInfo wav(FileChannel channel, long size, ProbeBudget budget)
            throws IOException, MediaReadException {
        long byteRate = 0;
        long position = 12;
        while (size - position >= 8) {
            budget.step();
            byte[] header = FileBytes.readAt(channel, position, 8);
            String id = FileBytes.ascii(header, 0, 4);
            long length = FileBytes.leUInt32(header, 4);
            if (id.equals("fmt ")) {
                byte[] fmt = FileBytes.readAt(channel, position + 8, 16);
                if (length < 16 || fmt.length < 16) {
                    throw new MediaReadException(Reason.TRUNCATED, "WAV fmt chunk is cut off");
                }
                byteRate = FileBytes.leUInt32(fmt, 8);
            } else if (id.equals("data")) {
                if (byteRate <= 0) {
                    throw new MediaReadException(Reason.CORRUPT, "WAV data before a valid fmt chunk");
                }
                long present = Math.min(length, size - position - 8);
                return new MediaInfo(MediaFormat.WAV, size, 0, 0, (double) present / byteRate, null);
            }
            position += 8 + length + (length & 1);
        }
        throw new MediaReadException(Reason.TRUNCATED, "WAV has no data chunk");
    }
}
