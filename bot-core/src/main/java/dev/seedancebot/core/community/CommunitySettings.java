package dev.seedancebot.core.community;

import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.request.AspectRatio;
import dev.seedancebot.core.request.Resolution;
import dev.seedancebot.core.request.VideoOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a community's moderators have set, as one immutable snapshot; a setting that is not set inherits the
 * operator's configuration. Applied in two places: {@link #defaults} fills the options a member left out (clamped to
 * the ceilings, so leaving an option out never breaks a rule), and {@link #problems} refuses what a member asked for
 * explicitly beyond a ceiling, before anything is charged.
 *
 * @param communityId the Discord guild or Telegram group; {@code null} for private chats and the terminal
 * @param values the single-valued settings that are set, typed as {@link CommunitySetting#parse} returns them
 * @param channels where {@code /video} works: Discord channel ids (a channel's threads included) or Telegram topic
 *     ids (the adapter names a place without one, such as a Telegram group's General topic); empty = everywhere
 * @param moderatorRoles who may use {@code /videomod} besides the platform's own admins: Discord role ids, Telegram
 *     user ids
 */
public record CommunitySettings(
        String communityId, Map<CommunitySetting, Object> values, Set<String> channels, Set<String> moderatorRoles) {

    public CommunitySettings {
        values = values.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(values));
        channels = Set.copyOf(channels);
        moderatorRoles = Set.copyOf(moderatorRoles);
    }

    /** Nothing set: every option and rule comes from the operator's configuration. */
    public static CommunitySettings none(String communityId) {
        return new CommunitySettings(communityId, Map.of(), Set.of(), Set.of());
    }

    public boolean videosEnabled() {
        return (Boolean) values.getOrDefault(CommunitySetting.VIDEOS, Boolean.TRUE);
    }

    /** The language moderators chose for this community, if any. */
    public Optional<Locale> language() {
        return Optional.ofNullable((Locale) values.get(CommunitySetting.LANGUAGE));
    }

    /** Whether {@code /video} works in a place that any of {@code placeIds} names (a thread and its channel). */
    public boolean allowsChannel(Collection<String> placeIds) {
        return channels.isEmpty() || placeIds.stream().filter(Objects::nonNull).anyMatch(channels::contains);
    }

    /** Whether one of {@code roleIds} is a moderator role here. */
    public boolean isModeratorRole(Collection<String> roleIds) {
        return roleIds.stream().anyMatch(moderatorRoles::contains);
    }

    /**
     * The options a member gets for what they leave out: the operator's {@code base}, overridden by this community's
     * defaults, then brought within its ceilings.
     */
    public VideoOptions defaults(VideoOptions base) {
        VideoOptions o = base;
        o = o.withDuration((Integer) values.getOrDefault(CommunitySetting.DURATION, o.durationSeconds()));
        o = o.withResolution((Resolution) values.getOrDefault(CommunitySetting.RESOLUTION, o.resolution()));
        o = o.withRatio((AspectRatio) values.getOrDefault(CommunitySetting.RATIO, o.ratio()));
        o = o.withGenerateAudio((Boolean) values.getOrDefault(CommunitySetting.AUDIO, o.generateAudio()));
        o = o.withWatermark((Boolean) values.getOrDefault(CommunitySetting.WATERMARK, o.watermark()));
        Integer maxDuration = (Integer) values.get(CommunitySetting.MAX_DURATION);
        if (maxDuration != null && o.durationSeconds() > maxDuration) {
            o = o.withDuration(maxDuration);
        }
        Resolution maxResolution = (Resolution) values.get(CommunitySetting.MAX_RESOLUTION);
        if (maxResolution != null && o.resolution().compareTo(maxResolution) > 0) {
            o = o.withResolution(maxResolution);
        }
        if (!allowAudio()) {
            o = o.withGenerateAudio(false);
        }
        if (!allowWebSearch()) {
            o = o.withWebSearch(false);
        }
        return o;
    }

    /** What in {@code requested} goes beyond this community's ceilings, each with the fix; empty when nothing. */
    public List<String> problems(VideoOptions requested) {
        List<String> problems = new ArrayList<>();
        Integer maxDuration = (Integer) values.get(CommunitySetting.MAX_DURATION);
        if (maxDuration != null && requested.durationSeconds() > maxDuration) {
            problems.add(Texts.t("community.maxDuration", "seconds", maxDuration));
        }
        Resolution maxResolution = (Resolution) values.get(CommunitySetting.MAX_RESOLUTION);
        if (maxResolution != null && requested.resolution().compareTo(maxResolution) > 0) {
            problems.add(Texts.t("community.maxResolution", "resolution", maxResolution.wireName()));
        }
        if (requested.generateAudio() && !allowAudio()) {
            problems.add(Texts.t("community.noAudio"));
        }
        if (requested.webSearch() && !allowWebSearch()) {
            problems.add(Texts.t("community.noWebSearch"));
        }
        return problems;
    }

    /** The raw text of each set value, in {@link CommunitySetting} order, for display. */
    public Map<CommunitySetting, String> formatted() {
        Map<CommunitySetting, String> text = new EnumMap<>(CommunitySetting.class);
        values.forEach((setting, value) -> text.put(setting, setting.format(value)));
        return text;
    }

    /** The channels in a stable order, for display. */
    public List<String> sortedChannels() {
        return List.copyOf(new TreeSet<>(channels));
    }

    /** The moderator roles in a stable order, for display. */
    public List<String> sortedModeratorRoles() {
        return List.copyOf(new TreeSet<>(moderatorRoles));
    }

    private boolean allowAudio() {
        return (Boolean) values.getOrDefault(CommunitySetting.ALLOW_AUDIO, Boolean.TRUE);
    }

    private boolean allowWebSearch() {
        return (Boolean) values.getOrDefault(CommunitySetting.ALLOW_WEB_SEARCH, Boolean.TRUE);
    }
}
