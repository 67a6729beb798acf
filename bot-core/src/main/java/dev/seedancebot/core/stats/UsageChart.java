package dev.seedancebot.core.stats;

import dev.seedancebot.core.quota.DailyUsage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.SimpleDateFormat;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.RangeType;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Draws {@link UsageStats} as one portrait PNG sized for a phone (1080×1350, the 4:5 a chat shows full width): videos
 * and credits (and money, once a price is set) per day as bar panels on one date axis (two panels read better on a small screen than one panel
 * with two scales), the top users as horizontal bars below, and large type. JFreeChart does the axes, ticks and
 * scaling; it draws into a plain {@link BufferedImage}, so no display is needed (headless).
 */
public final class UsageChart {
    public static final int WIDTH = 1080;
    public static final int HEIGHT = 1350;
    private static final Color VIDEOS = new Color(0x2E7D32);
    private static final Color CREDITS = new Color(0x1565C0);
    private static final Color USERS = new Color(0xEF6C00);
    private static final Color MONEY = new Color(0x6A1B9A);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 46);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 30);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 28);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 24);
    private static final Font FOOTER = new Font(Font.SANS_SERIF, Font.ITALIC, 24);
    private static final List<Font> FONTS = List.of(TITLE, SUBTITLE, LABEL, TICKS, FOOTER);
    private static final int NAME_CHARS = 16;

    static {
        // a server has no display; set before AWT starts, this keeps a missing -Djava.awt.headless from mattering
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private UsageChart() {}

    /**
     * The chart as PNG bytes, labelled in the current {@link dev.seedancebot.core.i18n.Texts} scope's language where
     * the fonts can draw it ({@link ChartLabels}).
     *
     * @param englishScope {@code stats.scopeLabel()} in English, for a title the fonts cannot draw otherwise
     */
    public static byte[] png(UsageStats stats, String englishScope) {
        ChartLabels labels = labels(stats, englishScope);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(fitted(g, TITLE, labels.title(), WIDTH - 80));
            g.drawString(labels.title(), 40, 70);
            g.setFont(SUBTITLE);
            g.setColor(Color.DARK_GRAY);
            g.drawString(labels.subtitle(), 40, 118);
            daily(stats, labels).draw(g, new Rectangle2D.Double(10, 140, WIDTH - 20, 720));
            topUsers(stats, labels).draw(g, new Rectangle2D.Double(10, 875, WIDTH - 20, 415));
            g.setFont(FOOTER);
            g.setColor(Color.GRAY);
            g.drawString(labels.footer(), 40, HEIGHT - 24);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The words the chart draws, each one its fonts can draw. */
    static ChartLabels labels(UsageStats stats, String englishScope) {
        return ChartLabels.of(stats, englishScope, text -> FONTS.stream().allMatch(f -> f.canDisplayUpTo(text) < 0));
    }

    private static JFreeChart daily(UsageStats stats, ChartLabels labels) {
        TimeSeries videos = new TimeSeries(labels.videosPerDay());
        TimeSeries credits = new TimeSeries(labels.creditsPerDay());
        List<BigDecimal> perDay = stats.money().perDay();
        boolean withMoney = perDay.size() == stats.days().size() && !perDay.isEmpty();
        TimeSeries money = new TimeSeries(labels.moneyPerDay());
        for (int i = 0; i < stats.days().size(); i++) {
            DailyUsage.Day d = stats.days().get(i);
            Day day = new Day(d.day().getDayOfMonth(), d.day().getMonthValue(), d.day().getYear());
            videos.add(day, d.videos());
            credits.add(day, d.credits());
            if (withMoney) {
                money.add(day, perDay.get(i));
            }
        }
        DateAxis dates = new DateAxis();
        dates.setDateFormatOverride(new SimpleDateFormat("d MMM", labels.dateLocale()));
        dates.setTickLabelFont(TICKS);
        dates.setLowerMargin(0.02);
        dates.setUpperMargin(0.02);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(dates);
        plot.setGap(24);
        // three panels are too short for the long axis labels: they get the short ones
        plot.add(panel(videos, withMoney ? labels.videosShort() : labels.videosPerDay(), VIDEOS), 1);
        plot.add(panel(credits, withMoney ? labels.creditsShort() : labels.creditsPerDay(), CREDITS), 1);
        if (withMoney) {
            XYPlot moneyPanel = panel(money, labels.moneyShort(), MONEY);
            // amounts have cents: the default decimal ticks, not the whole-number ones of the counts
            ((NumberAxis) moneyPanel.getRangeAxis()).setStandardTickUnits(NumberAxis.createStandardTickUnits());
            ((NumberAxis) moneyPanel.getRangeAxis()).setAutoRangeMinimumSize(0.01);
            plot.add(moneyPanel, 1);
        }
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYPlot panel(TimeSeries series, String label, Color color) {
        NumberAxis values = new NumberAxis(label);
        values.setLabelFont(LABEL);
        values.setTickLabelFont(TICKS);
        values.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        values.setAutoRangeMinimumSize(4);
        // counts are never negative; without this an all-zero month is centred on zero
        values.setRangeType(RangeType.POSITIVE);
        XYBarRenderer bars = new XYBarRenderer(0.15);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, color);
        XYPlot plot = new XYPlot(new TimeSeriesCollection(series), null, values, bars);
        plot.setBackgroundPaint(new Color(0xF5F5F5));
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        // JFreeChart's default gridlines are dashed and faint, hard to see on a phone
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setDomainGridlinesVisible(false);
        return plot;
    }

    private static JFreeChart topUsers(UsageStats stats, ChartLabels labels) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // ranked labels: two people with one display name stay two bars
        for (int i = 0; i < stats.topUsers().size(); i++) {
            UsageStats.NamedTotal u = stats.topUsers().get(i);
            data.addValue(u.credits(), "credits", (i + 1) + ". " + shorten(u.name()));
        }
        if (stats.topUsers().isEmpty()) {
            data.addValue(0, "credits", labels.nobodyYet());
        }
        CategoryAxis names = new CategoryAxis(null);
        names.setTickLabelFont(LABEL);
        names.setMaximumCategoryLabelWidthRatio(0.4f);
        NumberAxis credits = new NumberAxis(labels.topUsers());
        credits.setLabelFont(LABEL);
        credits.setTickLabelFont(TICKS);
        credits.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        credits.setAutoRangeMinimumSize(4);
        credits.setRangeType(RangeType.POSITIVE);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, USERS);
        bars.setMaximumBarWidth(0.12);
        CategoryPlot plot = new CategoryPlot(data, names, credits, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.setBackgroundPaint(new Color(0xF5F5F5));
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(null, null, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The font, made smaller until {@code text} fits {@code width}: a long community label must not run off. */
    private static Font fitted(Graphics2D g, Font font, String text, int width) {
        Font f = font;
        while (f.getSize() > 24 && g.getFontMetrics(f).stringWidth(text) > width) {
            f = f.deriveFont((float) f.getSize() - 2);
        }
        return f;
    }

    private static String shorten(String name) {
        return name.length() <= NAME_CHARS ? name : name.substring(0, NAME_CHARS - 1) + "…";
    }
}
