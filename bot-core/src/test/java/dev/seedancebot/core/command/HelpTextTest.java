package dev.seedancebot.core.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedancebot.core.i18n.Languages;
import dev.seedancebot.core.i18n.Texts;
import org.junit.jupiter.api.Test;

class HelpTextTest {

    @Test
    void render_forEveryone_listsUserCommandsAndAllVideoOptionsButNoModeration() {
        String help = HelpText.render(false);

        assertThat(help).contains("/video <prompt> [options]", "/quota", "/help", "/extend <taskId> <instruction>");
        for (VideoOption option : VideoOption.values()) {
            assertThat(help).contains(option.usage());
        }
        assertThat(help).doesNotContain("/videomod");
    }

    @Test
    void render_forModerator_addsEveryModAction() {
        String help = HelpText.render(true);

        for (CommandSpec action : ModCommandParser.SUBCOMMANDS) {
            assertThat(help).contains("/videomod " + action.name());
        }
    }

    @Test
    void render_forModeratorInSpanish_translatesPlaceholdersButKeepsTheWordsPeopleType() {
        String help;
        try (Texts.Scope spanish = Texts.use(Languages.SPANISH)) {
            help = HelpText.render(true);
        }

        assertThat(help).contains("/video <prompt> [opciones]", "/videomod stats [all | <id de la comunidad>]",
                "/videomod words <add|remove> <palabra o frase> | list", "/videomod grant <usuario> <créditos> [motivo]");
        assertThat(help).doesNotContain("<community id>", "<word or phrase>", "{");
    }

    @Test
    void menu_withoutModerator_leavesOutVideomod() {
        assertThat(HelpText.menu(false)).extracting(CommandSpec::name)
                .containsExactly("video", "extend", "quota", "history", "language", "help");
        assertThat(HelpText.menu(true)).extracting(CommandSpec::name).contains("videomod");
    }
}
