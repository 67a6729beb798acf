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
import java.util.List;
import java.text.SimpleDateFormat;
import java.util.Locale;
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
    private static final int NAME_CHARS = 16;

    static {
        // a server has no display; set before AWT starts, this keeps a missing -Djava.awt.headless from mattering
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private UsageChart() {}

    /** The chart as PNG bytes. */
    public static byte[] png(UsageStats stats) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(fitted(g, TITLE, StatsTexts.title(stats), WIDTH - 80));
            g.drawString(StatsTexts.title(stats), 40, 70);
            g.setFont(SUBTITLE);
            g.setColor(Color.DARK_GRAY);
            g.drawString(StatsTexts.subtitle(stats), 40, 118);
            daily(stats).draw(g, new Rectangle2D.Double(10, 140, WIDTH - 20, 720));
            topUsers(stats).draw(g, new Rectangle2D.Double(10, 875, WIDTH - 20, 415));
            g.setFont(FOOTER);
            g.setColor(Color.GRAY);
            g.drawString(stats.money().total().map(t -> "Money spent: " + t).orElse(StatsTexts.MONEY_NOT_RECORDED),
                    40, HEIGHT - 24);
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

    private static JFreeChart daily(UsageStats stats) {
        TimeSeries videos = new TimeSeries(StatsTexts.VIDEOS_PER_DAY);
        TimeSeries credits = new TimeSeries(StatsTexts.CREDITS_PER_DAY);
        List<BigDecimal> perDay = stats.money().perDay();
        boolean withMoney = perDay.size() == stats.days().size() && !perDay.isEmpty();
        TimeSeries money = new TimeSeries(StatsTexts.moneyPerDay(stats.money().currency()));
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
        dates.setDateFormatOverride(new SimpleDateFormat("d MMM", Locale.ENGLISH));
        dates.setTickLabelFont(TICKS);
        dates.setLowerMargin(0.02);
        dates.setUpperMargin(0.02);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(dates);
        plot.setGap(24);
        // three panels are too short for the long axis labels: they get the short ones
        plot.add(panel(videos, withMoney ? StatsTexts.VIDEOS_SHORT : StatsTexts.VIDEOS_PER_DAY, VIDEOS), 1);
        plot.add(panel(credits, withMoney ? StatsTexts.CREDITS_SHORT : StatsTexts.CREDITS_PER_DAY, CREDITS), 1);
        if (withMoney) {
            XYPlot moneyPanel = panel(money, StatsTexts.moneyShort(stats.money().currency()), MONEY);
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

    private static JFreeChart topUsers(UsageStats stats) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // ranked labels: two people with one display name stay two bars
        for (int i = 0; i < stats.topUsers().size(); i++) {
            UsageStats.NamedTotal u = stats.topUsers().get(i);
            data.addValue(u.credits(), "credits", (i + 1) + ". " + shorten(u.name()));
        }
        if (stats.topUsers().isEmpty()) {
            data.addValue(0, "credits", StatsTexts.NOBODY_YET);
        }
        CategoryAxis names = new CategoryAxis(null);
        names.setTickLabelFont(LABEL);
        names.setMaximumCategoryLabelWidthRatio(0.4f);
        NumberAxis credits = new NumberAxis(StatsTexts.TOP_USERS);
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
