package dev.seedancebot.core.intake;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.community.CommunitySettingsService;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.i18n.UserLanguageStore;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.IntakePolicy;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.ports.in.LanguageRequests;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which language each person is answered in, and {@code /language}. Thread-safe. */
public final class LanguageDesk implements LanguageRequests {
    private final IntakePolicy policy;
    private final CommunitySettingsService communities;
    private final UserLanguageStore chosen;

    public LanguageDesk(IntakePolicy policy, CommunitySettingsService communities, UserLanguageStore chosen) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.communities = Objects.requireNonNull(communities, "communities");
        this.chosen = Objects.requireNonNull(chosen, "chosen");
    }

    @Override
    public Locale localeOf(Actor actor) {
        return chosen.get(actor.user())
                .or(() -> Languages.match(actor.language()))
                .or(() -> actor.communityId() == null ? Optional.empty()
                        : communities.get(actor.communityId()).language())
                .orElse(Languages.ENGLISH);
    }

    @Override
    public Answer choose(Actor actor, String choice) {
        String wanted = choice == null ? "" : choice.strip();
        try (Texts.Scope before = Texts.use(localeOf(actor))) {
            if (policy.countCommand(actor) instanceof Verdict.Refused refused) {
                return new Answer(refused.text(), refused.silent());
            }
            if (wanted.isEmpty()) {
                return Answer.of(t("language.current", "language", Languages.nativeName(localeOf(actor)),
                        "choices", choices()));
            }
            if (wanted.equalsIgnoreCase("auto")) {
                chosen.clear(actor.user());
            } else {
                Optional<Locale> language = Languages.match(wanted).or(() -> byName(wanted));
                if (language.isEmpty()) {
                    return Answer.of(t("language.unknown", "choice", wanted, "choices", choices()));
                }
                chosen.set(actor.user(), language.get());
            }
        }
        Locale now = localeOf(actor);
        try (Texts.Scope after = Texts.use(now)) {
            return Answer.of(wanted.equalsIgnoreCase("auto") ? t("language.auto", "language", Languages.nativeName(now))
                    : t("language.set", "language", Languages.nativeName(now)));
        }
    }

    /** "English (en), Español (es), …". */
    private static String choices() {
        return Languages.SHIPPED.stream().map(l -> Languages.nativeName(l) + " (" + Languages.tag(l) + ")")
                .collect(Collectors.joining(", "));
    }

    /** A language typed by its own name ("español", "русский"), as people pick from a list. */
    private static Optional<Locale> byName(String name) {
        return Languages.SHIPPED.stream().filter(l -> Languages.nativeName(l).equalsIgnoreCase(name)).findFirst();
    }
}
