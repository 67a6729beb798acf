package dev.seedancebot.discord;

import static dev.seedancebot.core.i18n.Texts.t;

import dev.seedancebot.core.history.HistoryTexts;
import dev.seedancebot.core.ports.in.TaskHistory;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;

/**
 * The buttons of a {@code /history} page: per video Run again (the result's Re-roll), and while its file is kept
 * Extend and File; then Newer and Older. Run again and Extend are the very buttons under a delivered video, so they
 * are checked and charged exactly like those. At most {@link TaskHistory#PAGE_SIZE} + 1 rows, within Discord's five.
 */
final class HistoryView {
    private HistoryView() {}

    static List<ActionRow> buttons(TaskHistory.Page page) {
        List<ActionRow> rows = new ArrayList<>();
        for (int i = 0; i < page.entries().size(); i++) {
            TaskHistory.Entry e = page.entries().get(i);
            int n = HistoryTexts.number(page.page(), i);
            String id = e.task().id();
            List<Button> row = new ArrayList<>();
            row.add(Button.primary(ButtonIds.of(ButtonIds.Action.REROLL, id), t("button.runAgain") + " " + n));
            if (e.fileKept()) {
                row.add(Button.secondary(ButtonIds.of(ButtonIds.Action.EXTEND, id), t("button.extend") + " " + n));
                row.add(Button.secondary(ButtonIds.of(ButtonIds.Action.FILE, id), t("button.file") + " " + n));
            }
            rows.add(ActionRow.of(row));
        }
        if (page.hasPrevious() || page.hasNext()) {
            rows.add(ActionRow.of(
                    Button.secondary(ButtonIds.of(ButtonIds.Action.HISTORY, String.valueOf(Math.max(0, page.page() - 1))),
                            "◀ " + t("button.newer")).withDisabled(!page.hasPrevious()),
                    Button.secondary(ButtonIds.of(ButtonIds.Action.HISTORY, String.valueOf(page.page() + 1)),
                            t("button.older") + " ▶").withDisabled(!page.hasNext())));
        }
        return rows;
    }
}
