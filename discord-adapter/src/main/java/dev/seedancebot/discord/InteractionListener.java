package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.command.ModCommand;
import dev.seedancebot.core.engine.ActionOutcome;
import dev.seedancebot.core.ports.in.Answer;
import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import dev.seedancebot.core.identity.ChatRef;
import dev.seedancebot.core.identity.UserKey;
import dev.seedancebot.core.platform.UserTexts;
import dev.seedancebot.core.policy.Actor;
import dev.seedancebot.core.policy.Verdict;
import dev.seedancebot.core.ports.in.ChatPorts;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.events.GenericEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns interactions into calls of the core's {@link ChatPorts}. On JDA's thread it only acknowledges (defer, or open
 * a modal) within Discord's 3 seconds and describes the actor from what Discord sent; once Discord has the
 * acknowledgement, the core decides, on the adapter's bounded executor, which is also the one error boundary per
 * interaction. A custom id only names a task:
 * whether the presser may touch it is the core's call, made with the presser's real guild, channel and thread.
 */
final class InteractionListener extends ListenerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InteractionListener.class);
    private static final String EXTEND_INPUT = "instruction";

    private final ChatPorts ports;
    private final DiscordActors actors;
    private final VideoIntake videos;
    private final Answers answers;
    private final ExecutorService work;
    private final HistoryAndStats history;
    private final ContentButtons content;
    private final UserOrder order = new UserOrder();

    /**
     * @param work runs the handlers; its bounded queue refuses work beyond what it can take soon ({@link
     *     UserTexts#busy})
     */
    InteractionListener(ChatPorts ports, DiscordActors actors, VideoIntake videos, Answers answers,
            ExecutorService work) {
        this.ports = ports;
        this.actors = actors;
        this.videos = videos;
        this.answers = answers;
        this.work = work;
        this.history = new HistoryAndStats(ports);
        this.content = new ContentButtons(ports.content());
    }

    // ---------------------------------------------------------------- JDA thread: acknowledge and hand off

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        Instant received = answers.now();
        String name = event.getName();
        boolean ephemeral = !name.equals(SlashCommands.VIDEO)
                || VideoIntake.bool(event.getOption(SlashCommands.PRIVATE), false);
        InteractionHook hook = event.getHook();
        Actor actor = actors.of(event);
        long limit = attachmentSizeLimit(event);
        Runnable handOff = switch (name) {
            case SlashCommands.VIDEO -> () -> run(hook, !ephemeral, actor,
                    () -> videos.handle(event, actor, hook, received, limit, ephemeral));
            case SlashCommands.QUOTA -> () -> run(hook, actor, () -> Answers.reply(hook, ports.quota().quota(actor)));
            case SlashCommands.HISTORY -> () -> run(hook, actor, () -> history.page(hook, actor, 0));
            // answered in the language that applies after the choice, whatever the scope around it
            case SlashCommands.LANGUAGE -> () -> run(hook, actor, () -> Answers.reply(hook,
                    ports.languages().choose(actor, VideoIntake.string(event.getOption(SlashCommands.CHOICE)))));
            case SlashCommands.VIDEOMOD -> () -> run(hook, actor, () -> videomod(event, actor, hook));
            default -> () -> run(hook, actor, () -> Answers.reply(hook, t("bot.unknownCommand", "command", name)));
        };
        acknowledged(event, event.deferReply(ephemeral), "/" + name, event.getId(), handOff);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        Optional<ButtonIds.Parsed> parsed = ButtonIds.parse(event.getComponentId());
        if (parsed.isEmpty()) {
            return;
        }
        String taskId = parsed.get().taskId();
        ButtonIds.Action action = parsed.get().action();
        if (action == ButtonIds.Action.EXTEND) {
            openExtendForm(event, taskId);
            return;
        }
        Instant received = answers.now();
        InteractionHook hook = event.getHook();
        Actor actor = actors.of(event);
        switch (action) {
            case CANCEL -> acknowledged(event, event.deferReply(true), action, taskId, () -> run(hook, actor, () -> {
                // a done cancel makes the engine show the final state in the progress message itself
                ActionOutcome outcome = ports.tasks().cancel(actor, taskId);
                Answers.reply(hook, new Answer(outcome.message(), outcome.silent()));
            }));
            // the page replaces the list the button is on; the list is always the presser's own
            case HISTORY -> acknowledged(event, event.deferEdit(), action, taskId,
                    () -> run(hook, actor, () -> history.page(hook, actor, pageOf(taskId))));
            case FILE -> {
                long limit = attachmentSizeLimit(event);
                acknowledged(event, event.deferReply(true), action, taskId,
                        () -> run(hook, actor, () -> history.file(hook, actor, taskId, limit)));
            }
            case DELETE -> acknowledged(event, event.deferReply(true), action, taskId,
                    () -> run(hook, actor, () -> content.delete(hook, actor, taskId, event.getJDA())));
            case REPORT -> acknowledged(event, event.deferReply(true), action, taskId, () -> run(hook, actor,
                    () -> content.report(hook, actor, taskId, event.getJDA(), event.getGuild())));
            case REROLL -> {
                ChatRef replyTo = DiscordActors.chatOf(event.getChannel(), guildId(event.getGuild()));
                long limit = attachmentSizeLimit(event);
                acknowledged(event, event.deferReply(false), action, taskId, () -> run(hook, true, actor,
                        () -> answers.outcome(ports.tasks().reroll(actor, taskId, replyTo), hook, true, received,
                                limit)));
            }
            default -> {
                // EXTEND opened its form above
            }
        }
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        Optional<ButtonIds.Parsed> parsed = ButtonIds.parse(event.getModalId());
        if (parsed.isEmpty() || parsed.get().action() != ButtonIds.Action.EXTEND) {
            return;
        }
        String taskId = parsed.get().taskId();
        Instant received = answers.now();
        InteractionHook hook = event.getHook();
        Actor actor = actors.of(event);
        ChatRef replyTo = DiscordActors.chatOf(event.getChannel(), guildId(event.getGuild()));
        long limit = attachmentSizeLimit(event);
        String instruction = event.getValue(EXTEND_INPUT) == null ? "" : event.getValue(EXTEND_INPUT).getAsString();
        acknowledged(event, event.deferReply(false), ButtonIds.Action.EXTEND, taskId, () -> run(hook, true, actor,
                () -> answers.outcome(ports.tasks().extend(actor, taskId, instruction, replyTo), hook, true, received,
                        limit)));
    }

    /**
     * The form asks for nothing but the instruction; its submission is checked like any other press. It opens on
     * JDA's thread, within Discord's 3 seconds, so it is worded in the client's language without a database read.
     */
    private static void openExtendForm(ButtonInteractionEvent event, String taskId) {
        try (Texts.Scope language = Texts.use(Languages.match(event.getUserLocale().getLocale())
                .orElse(Languages.ENGLISH))) {
            event.replyModal(Modal.create(ButtonIds.of(ButtonIds.Action.EXTEND, taskId),
                            t("discord.extend.title", "taskId", taskId))
                    .addComponents(Label.of(t("discord.extend.label"),
                            TextInput.create(EXTEND_INPUT, TextInputStyle.PARAGRAPH).setRequiredRange(1, 1000).build()))
                    .build()).queue(null, e -> log.warn("could not open the extend form for {}: {}", taskId,
                            e.toString()));
        }
    }

    // ---------------------------------------------------------------- executor

    /**
     * Sends the acknowledgement and hands the interaction to the handlers only once Discord has taken it. In a burst
     * the acknowledgements, which Discord wants within 3 s, then never wait for CPU behind the core's work on the
     * commands before them (issue 16 part 5). An interaction whose acknowledgement failed (too late, or unknown to
     * Discord, after JDA's own retries) is not handled: its user was shown "the application did not respond", so
     * nothing is charged or generated for it. A user's interactions reach the handlers in the order they were sent
     * ({@link UserOrder}).
     */
    private void acknowledged(Interaction event, RestAction<?> ack, Object what, String id, Runnable handOff) {
        UserOrder.Place place = order.enter(event.getUser().getId());
        ack.queue(done -> order.settle(place, handOff), e -> {
            log.warn("could not acknowledge {} {}; not handled: {}", what, id, e.toString());
            order.settle(place, null);
        });
    }

    private void videomod(SlashCommandInteractionEvent event, Actor actor, InteractionHook hook) {
        // someone who may not moderate here learns nothing of the options they sent
        if (ports.moderation().admit(actor) instanceof Verdict.Refused refused) {
            Answers.refusal(hook, false, refused);
            return;
        }
        ModCommand command;
        try {
            command = ModSlashMapper.map(event.getSubcommandName(), event::getOption);
        } catch (IllegalArgumentException e) {
            Answers.reply(hook, t("moderation.didNotWork", "why", e.getMessage()));
            return;
        }
        if (command instanceof ModCommand.Stats stats) {
            history.stats(hook, actor, stats, event.getGuild());
            return;
        }
        OptionMapping target = event.getOption(SlashCommands.USER);
        Set<String> targetRoles = target == null ? Set.of() : DiscordActors.roleIds(target.getAsMember());
        UserKey targetKey = ModSlashMapper.user(target);
        Answers.reply(hook, ports.moderation().run(actor, command,
                key -> key.equals(targetKey) ? targetRoles : Set.of(), DiscordActors.NAMES));
    }

    /**
     * Runs {@code job} on the executor, writing in the actor's language: the core resolves it there (their own
     * choice, their client's language, their server's default), since that may read the database.
     */
    private void run(InteractionHook hook, Actor actor, Runnable job) {
        run(hook, false, actor, job);
    }

    /** @param seenByAll whether {@code hook}'s response was acknowledged as public: its failures go to the requester */
    private void run(InteractionHook hook, boolean seenByAll, Actor actor, Runnable job) {
        try {
            work.execute(() -> {
                try (Texts.Scope language = Texts.use(ports.languages().localeOf(actor))) {
                    try {
                        job.run();
                    } catch (RuntimeException e) {
                        log.error("interaction {} failed", hook.getInteraction().getId(), e);
                        Answers.refuse(hook, seenByAll, UserTexts.internalError());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // nothing was read, downloaded or charged yet: the queue is full (or the bot is stopping); no database
            // read for the language here, the client's language (if shipped) must do
            try (Texts.Scope language = Texts.use(Languages.match(actor.language()).orElse(Languages.ENGLISH))) {
                Answers.refuse(hook, seenByAll, work.isShutdown() ? UserTexts.shuttingDown() : UserTexts.busy());
            }
        }
    }

    /** The interaction's {@code attachment_size_limit} (JDA 6.5 does not expose it), else Discord's 10 MiB default. */
    private static long attachmentSizeLimit(GenericEvent event) {
        DataObject raw = event.getRawData();
        if (raw == null || !raw.hasKey("d")) {
            return TaskContexts.DEFAULT_UPLOAD_LIMIT;
        }
        return raw.getObject("d").getLong("attachment_size_limit", TaskContexts.DEFAULT_UPLOAD_LIMIT);
    }

    /** The page a button names; its data is whatever the client sent, so digits past an int mean the first page. */
    private static int pageOf(String value) {
        return value.matches("\\d{1,4}") ? Integer.parseInt(value) : 0;
    }

    private static String guildId(Guild guild) {
        return guild == null ? null : guild.getId();
    }
}
