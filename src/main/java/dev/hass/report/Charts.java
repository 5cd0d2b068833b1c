package dev.hass.report;

import dev.hass.experiment.Algorithm;
import dev.hass.study.AtomicFiles;
import dev.hass.study.Hypervolume;
import dev.hass.study.Pareto;
import dev.hass.study.ResultsFiles;
import dev.hass.study.Trial;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The three charts of a results folder, each written as PNG and SVG at 1200×800:
 * {@code pareto} (accuracy vs throughput), {@code convergence} (hypervolume per generation) and
 * {@code layers} (per-layer sparsity and cycles of one design).
 */
public final class Charts {
    public static final int WIDTH = 1200, HEIGHT = 800;
    private static final Font TITLE = new Font("SansSerif", Font.BOLD, 22);
    private static final Font SUBTITLE = new Font("SansSerif", Font.PLAIN, 15);
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 16);
    private static final Font TICK = new Font("SansSerif", Font.PLAIN, 13);
    private static final Font LEGEND = new Font("SansSerif", Font.PLAIN, 14);

    /** Fixed colours per algorithm, so the same algorithm looks the same in every chart. */
    static final Map<String, Color> COLORS = Map.of(
            "nsga2", new Color(0xC0, 0x1F, 0x2F),
            "dense", Color.BLACK,
            "uniform", new Color(0xE6, 0x8A, 0x00),
            "greedy", new Color(0x1B, 0x8A, 0x3A),
            "random", new Color(0x1F, 0x5F, 0xC0));
    private static final Color[] OTHER = {new Color(0x7B, 0x3F, 0xA0), new Color(0x00, 0x8B, 0x8B), new Color(0x8B, 0x45, 0x13)};

    private Charts() {}

    static Color color(String alg, List<String> all) {
        Color c = COLORS.get(alg);
        if (c != null) return c;
        int i = Math.max(0, all.indexOf(alg));
        return OTHER[i % OTHER.length];
    }

    static String label(String alg) {
        return Algorithm.label(alg);
    }

    /** Axis label with unit, and the factor from stored value to shown value. */
    record Axis(String label, double scale) {}

    static Axis axis(String objective) {
        return switch (objective) {
            case "accuracy" -> new Axis("top-1 accuracy (%)", 100);
            case "throughput" -> new Axis("throughput (images/s)", 1);
            case "latency" -> new Axis("latency (s)", 1);
            case "dsp" -> new Axis("DSP slices", 1);
            default -> new Axis(objective, 1);
        };
    }

    /** Writes every chart that the data allows; returns the base names written. */
    public static List<String> writeAll(Path dir, ReportInput in, Analysis a, Integer layersTrial) throws IOException {
        List<String> out = new ArrayList<>();
        JFreeChart p = pareto(in, a);
        if (p != null) { save(dir, "pareto", p); out.add("pareto"); }
        JFreeChart c = convergence(in, a);
        if (c != null) { save(dir, "convergence", c); out.add("convergence"); }
        Trial chosen = chosenDesign(in);
        if (layersTrial != null) {
            chosen = in.trials().stream().filter(t -> t.number() == layersTrial).findFirst().orElseThrow(() -> new ReportException(
                    dir.resolve(ResultsFiles.TRIALS) + ": no trial number " + layersTrial + " for the layers chart"));
            if (!chosen.complete() || chosen.layers() == null || chosen.layers().isEmpty()) {
                throw new ReportException(dir.resolve(ResultsFiles.TRIALS) + ": trial " + layersTrial + " has no per-layer statistics ("
                        + chosen.state() + "); pick a complete trial for the layers chart");
            }
        }
        if (chosen != null) { save(dir, "layers", layers(in, chosen)); out.add("layers"); }
        return out;
    }

    /**
     * A chart of curves, one line per name (x → y points), with a dashed horizontal limit line; written as
     * {@code <name>.png} and {@code .svg} in {@code dir}. For the sensitivity scan: accuracy vs threshold per layer.
     */
    public static void curves(Path dir, String name, String title, String xLabel, String yLabel,
                              Map<String, double[][]> curves, double limit, String limitLabel) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> c : curves.entrySet()) {
            XYSeries s = new XYSeries(c.getKey(), false, true);
            for (double[] p : c.getValue()) if (Double.isFinite(p[1])) s.add(p[0], p[1]);
            data.addSeries(s);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        NumberAxis x = new NumberAxis(xLabel), y = new NumberAxis(yLabel);
        for (NumberAxis a : List.of(x, y)) {
            a.setLabelFont(LABEL);
            a.setTickLabelFont(TICK);
        }
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        if (Double.isFinite(limit)) {
            ValueMarker m = new ValueMarker(limit, Color.GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            m.setLabel(limitLabel);
            m.setLabelFont(TICK);
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            plot.addRangeMarker(m);
        }
        JFreeChart chart = new JFreeChart(title, TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(LEGEND);
        save(dir, name, chart);
    }

    static void save(Path dir, String name, JFreeChart chart) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(png, chart, WIDTH, HEIGHT);
        AtomicFiles.writeIfChanged(dir.resolve(name + ".png"), png.toByteArray());
        SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
        g2.setDefsKeyPrefix("hass-" + name); // default is time based; fixed keeps the file reproducible
        chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
        AtomicFiles.writeIfChanged(dir.resolve(name + ".svg"), g2.getSVGDocument().getBytes(StandardCharsets.UTF_8));
    }

    private static int objectiveIndex(ReportInput in, String name, int fallback) {
        int i = in.objectiveNames().indexOf(name);
        return i >= 0 ? i : fallback;
    }

    static JFreeChart pareto(ReportInput in, Analysis a) {
        if (in.objectives().size() < 2) return null;
        int yi = objectiveIndex(in, "accuracy", 0);
        int xi = objectiveIndex(in, "throughput", yi == 0 ? 1 : 0);
        String xName = in.objectiveNames().get(xi), yName = in.objectiveNames().get(yi);
        Axis xa = axis(xName), ya = axis(yName);
        List<String> algs = Analysis.algorithms(in.trials());
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        int s = 0;
        // designs are trials measured at full fidelity; a multi-fidelity screen's numbers come from a few images
        List<Trial> complete = in.trials().stream().filter(Trial::complete).filter(Trial::fullFidelity).filter(in::finite).toList();
        List<Trial> screens = in.trials().stream().filter(Trial::complete).filter(t -> !t.fullFidelity()).filter(in::finite).toList();
        s = cloud(data, r, s, "all complete trials, feasible or not (" + complete.size() + ")", complete, in, xi, yi, xa, ya,
                new Ellipse2D.Double(-3, -3, 6, 6), new Color(120, 120, 120, 90));
        if (!screens.isEmpty()) {
            s = cloud(data, r, s, "screens: low-fidelity estimates, not designs (" + screens.size() + ")", screens, in, xi, yi, xa, ya,
                    new Rectangle2D.Double(-2, -2, 4, 4), new Color(160, 160, 200, 70));
        }
        List<Trial> nsgaFront = a.fronts().getOrDefault(Algorithm.NSGA2.id(), List.of());
        if (!nsgaFront.isEmpty()) {
            // the legend counts points, not trials: identical designs draw on top of each other
            List<Trial> points = Pareto.ties(nsgaFront, in.objectiveSpace()).stream().map(Pareto.Tie::first).toList();
            String count = points.size() == nsgaFront.size() ? points.size() + (points.size() == 1 ? " design" : " designs")
                    : points.size() + " distinct designs of " + nsgaFront.size() + " trials";
            XYSeries f = new XYSeries("NSGA-II Pareto front (" + count + ")", false, true);
            points.stream().sorted(Comparator.comparingDouble(t -> in.values(t)[xi]))
                    .forEach(t -> f.add(in.values(t)[xi] * xa.scale(), in.values(t)[yi] * ya.scale()));
            data.addSeries(f);
            r.setSeriesLinesVisible(s, true);
            r.setSeriesStroke(s, new BasicStroke(3.5f));
            r.setSeriesShape(s, new Ellipse2D.Double(-6, -6, 12, 12));
            r.setSeriesPaint(s, COLORS.get(Algorithm.NSGA2.id()));
            s++;
        }
        Shape[] shapes = {ShapeUtils.createDiamond(7), ShapeUtils.createUpTriangle(7), new Rectangle2D.Double(-6, -6, 12, 12),
                ShapeUtils.createDownTriangle(7), new Ellipse2D.Double(-5, -5, 10, 10)};
        int k = 0;
        for (String alg : algs) {
            if (alg.equals(Algorithm.NSGA2.id())) continue;
            List<Trial> mine = complete.stream().filter(t -> t.algorithm().equals(alg)).toList();
            if (mine.isEmpty()) continue;
            boolean sweep = alg.equals("uniform") || alg.equals("greedy");
            XYSeries ser = new XYSeries(label(alg) + " (" + mine.size() + ")", false, true);
            // sweeps are drawn as a path in the order they were taken; others as points
            for (Trial t : mine) ser.add(in.values(t)[xi] * xa.scale(), in.values(t)[yi] * ya.scale());
            data.addSeries(ser);
            r.setSeriesLinesVisible(s, sweep);
            r.setSeriesStroke(s, new BasicStroke(1.5f));
            Shape shape = alg.equals("dense") ? new Rectangle2D.Double(-8, -8, 16, 16)
                    : alg.equals("random") ? new Ellipse2D.Double(-4.5, -4.5, 9, 9) : shapes[k++ % shapes.length];
            r.setSeriesShape(s, shape);
            Color c = color(alg, algs);
            r.setSeriesPaint(s, alg.equals("random") ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 170) : c);
            s++;
        }
        NumberAxis x = new NumberAxis(xa.label());
        NumberAxis y = new NumberAxis(ya.label());
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        style(x);
        style(y);
        XYPlot plot = new XYPlot(data, x, y, r);
        Double floor = accuracyFloor(in);
        int hidden = 0;
        if (floor != null && yName.equals("accuracy")) {
            ValueMarker m = new ValueMarker(floor * ya.scale(), new Color(0xC0, 0x1F, 0x2F), new BasicStroke(2f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 6f}, 0f));
            m.setLabel(String.format(Locale.ROOT, "accuracy constraint: ≥ %.2f %% (baseline − %.1f pp)",
                    floor * ya.scale(), in.maxAccuracyDrop() * 100));
            m.setLabelFont(LEGEND);
            m.setLabelPaint(new Color(0xC0, 0x1F, 0x2F));
            m.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            m.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(m, Layer.FOREGROUND);
            // zoom on the interesting band: from 2 allowed drops below the floor up; say how many trials fall outside
            double lo = (floor - 2 * in.maxAccuracyDrop()) * ya.scale();
            double hi = complete.stream().mapToDouble(t -> in.values(t)[yi] * ya.scale()).max().orElse(lo + 1);
            List<Trial> shown = complete.stream().filter(t -> in.values(t)[yi] * ya.scale() >= lo).toList();
            hidden = complete.size() - shown.size();
            if (hidden > 0 && !shown.isEmpty()) {
                double pad = (hi - lo) * 0.04;
                y.setRange(lo, hi + pad);
                double xmin = shown.stream().mapToDouble(t -> in.values(t)[xi] * xa.scale()).min().orElseThrow();
                double xmax = shown.stream().mapToDouble(t -> in.values(t)[xi] * xa.scale()).max().orElseThrow();
                double xpad = Math.max((xmax - xmin) * 0.05, Math.abs(xmax) * 0.01);
                x.setRange(xmin - xpad, xmax + xpad);
            } else {
                hidden = 0;
                y.setLowerBound(Math.min(y.getLowerBound(), floor * ya.scale() - 0.5)); // keep the line in view
            }
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        JFreeChart chart = new JFreeChart(capitalise(yName) + " vs " + xName + ": " + in.name(), TITLE, plot, true);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "%d complete trials, %d feasible%s%s%s", complete.size(),
                complete.stream().filter(Trial::feasible).count(), screens.isEmpty() ? "" : " (and " + screens.size() + " screens)",
                in.platform() == null ? "" : "; platform " + in.platform(),
                hidden == 0 ? "" : String.format(Locale.ROOT, "; %d trials with accuracy below %.1f %% lie outside the plot (see trials.csv)",
                        hidden, y.getLowerBound())), SUBTITLE));
        finish(chart);
        return chart;
    }

    /** Adds {@code trials} as unconnected points (series {@code s}) and returns the next series index. */
    private static int cloud(XYSeriesCollection data, XYLineAndShapeRenderer r, int s, String label, List<Trial> trials, ReportInput in,
                             int xi, int yi, Axis xa, Axis ya, Shape shape, Color paint) {
        XYSeries series = new XYSeries(label, false, true);
        for (Trial t : trials) series.add(in.values(t)[xi] * xa.scale(), in.values(t)[yi] * ya.scale());
        data.addSeries(series);
        r.setSeriesLinesVisible(s, false);
        r.setSeriesShape(s, shape);
        r.setSeriesPaint(s, paint);
        return s + 1;
    }

    /**
     * The accuracy floor: baseline − maxAccuracyDrop. The baseline is recovered from a trial's
     * {@code accuracyDrop} constraint (violation = baseline − accuracy − maxDrop), else the dense trial's accuracy.
     */
    static Double accuracyFloor(ReportInput in) {
        if (in.maxAccuracyDrop() == null || !in.objectives().containsKey("accuracy")) return null;
        for (Trial t : in.trials()) {
            if (t.complete() && t.constraints() != null && t.constraints().get("accuracyDrop") != null) {
                return t.values().get("accuracy") + t.constraints().get("accuracyDrop");
            }
        }
        for (Trial t : in.trials()) {
            if (t.complete() && t.algorithm().equals("dense")) return t.values().get("accuracy") - in.maxAccuracyDrop();
        }
        return null;
    }

    static JFreeChart convergence(ReportInput in, Analysis a) {
        if (a.convergence().isEmpty()) return null;
        List<String> algs = Analysis.algorithms(in.trials());
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        int s = 0;
        for (Map.Entry<String, Map<Integer, Double>> e : a.convergence().entrySet()) {
            XYSeries ser = new XYSeries(String.format(Locale.ROOT, "%s (final %s)", label(e.getKey()), Hypervolume.number(a.hypervolume().get(e.getKey()))), true, false);
            e.getValue().forEach(ser::add);
            data.addSeries(ser);
            r.setSeriesPaint(s, color(e.getKey(), algs));
            r.setSeriesStroke(s, new BasicStroke(e.getKey().equals(Algorithm.NSGA2.id()) ? 3.5f : 2f));
            r.setSeriesShape(s, new Ellipse2D.Double(-5, -5, 10, 10));
            s++;
        }
        NumberAxis x = new NumberAxis("generation (NSGA-II) / step (baselines)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        String units = String.join(" × ", in.objectiveNames().stream().map(o -> unit(o)).toList());
        NumberAxis y = new NumberAxis("hypervolume (" + units + ")");
        style(x);
        style(y);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        JFreeChart chart = new JFreeChart("Hypervolume per generation: " + in.name(), TITLE, plot, true);
        StringBuilder ref = new StringBuilder("feasible trials up to each generation; reference point: ")
                .append(a.reference().policy().label()).append(" (");
        int i = 0;
        for (Map.Entry<String, Double> p : a.reference().point().entrySet()) {
            ref.append(i++ == 0 ? "" : ", ").append(p.getKey()).append(' ').append(Summary.fmt(p.getValue()));
        }
        chart.addSubtitle(new TextTitle(ref.append(')').toString(), SUBTITLE));
        finish(chart);
        return chart;
    }

    private static String unit(String objective) {
        return switch (objective) {
            case "accuracy" -> "accuracy (fraction)";
            case "throughput" -> "images/s";
            case "latency" -> "s";
            case "dsp" -> "DSP";
            default -> objective;
        };
    }

    /** The design the layers chart shows by default: the feasible trial with the best throughput (else the best first objective). */
    public static Trial chosenDesign(ReportInput in) {
        int k = objectiveIndex(in, "throughput", 0);
        Trial best = Summary.best(in, k);
        return best != null && best.layers() != null && !best.layers().isEmpty() ? best : null;
    }

    static JFreeChart layers(ReportInput in, Trial t) {
        DefaultCategoryDataset sp = new DefaultCategoryDataset();
        DefaultCategoryDataset cy = new DefaultCategoryDataset();
        String bottleneck = null;
        for (Trial.LayerStats l : t.layers()) {
            sp.addValue(l.weightSparsity() * 100, "weight sparsity", l.name());
            sp.addValue(l.activationSparsity() * 100, "activation sparsity", l.name());
            sp.addValue(l.productSparsity() * 100, "product sparsity (zero a×w per window)", l.name());
            cy.addValue(l.denseCycles(), "dense design (cycles/frame)", l.name());
            cy.addValue(l.cycles(), "this design (cycles/frame)", l.name());
            if (l.bottleneck()) bottleneck = l.name();
        }
        CategoryAxis domain = new CategoryAxis("layer");
        domain.setLabelFont(LABEL);
        domain.setTickLabelFont(TICK);
        if (t.layers().size() > 12) domain.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(domain);
        plot.setGap(18);
        NumberAxis spAxis = new NumberAxis("sparsity (%)");
        spAxis.setRange(0, 100);
        style(spAxis);
        BarRenderer br = bars(new Color(0x3B, 0x6E, 0xC4), new Color(0xE6, 0x8A, 0x00), new Color(0x7B, 0x3F, 0xA0));
        CategoryPlot top = new CategoryPlot(sp, null, spAxis, br);
        NumberAxis cyAxis = new NumberAxis("cycles per frame");
        style(cyAxis);
        BarRenderer cr = bars(new Color(0xB0, 0xB0, 0xB0), new Color(0xC0, 0x1F, 0x2F));
        CategoryPlot bottom = new CategoryPlot(cy, null, cyAxis, cr);
        for (CategoryPlot p : List.of(top, bottom)) {
            p.setBackgroundPaint(Color.WHITE);
            p.setRangeGridlinePaint(new Color(220, 220, 220));
        }
        if (bottleneck != null) {
            CategoryMarker m = new CategoryMarker(bottleneck, new Color(255, 215, 0, 90), new BasicStroke(1f));
            m.setDrawAsLine(false);
            CategoryMarker m2 = new CategoryMarker(bottleneck, new Color(255, 215, 0, 90), new BasicStroke(1f));
            m2.setDrawAsLine(false);
            m2.setLabel("bottleneck: " + bottleneck);
            m2.setLabelFont(LEGEND);
            m2.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            m2.setLabelAnchor(RectangleAnchor.TOP);
            m2.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            long interval = t.layers().stream().filter(Trial.LayerStats::bottleneck).mapToLong(Trial.LayerStats::cycles).max().orElse(0);
            ValueMarker iv = new ValueMarker(interval, new Color(0xC0, 0x1F, 0x2F), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
            iv.setLabel(String.format(Locale.ROOT, "interval: %,d cycles", interval));
            iv.setLabelFont(LEGEND);
            iv.setLabelPaint(new Color(0xC0, 0x1F, 0x2F));
            iv.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            iv.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            iv.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            bottom.addRangeMarker(iv, Layer.FOREGROUND);
            top.addDomainMarker(m, Layer.BACKGROUND);
            bottom.addDomainMarker(m2, Layer.BACKGROUND);
        }
        plot.add(top, 1);
        plot.add(bottom, 1);
        Map<String, Object> vals = new LinkedHashMap<>();
        double[] v = in.values(t);
        for (int i = 0; i < v.length; i++) vals.put(in.objectiveNames().get(i), v[i]);
        JFreeChart chart = new JFreeChart("Per-layer sparsity and cycles: trial " + t.number() + " (" + label(t.algorithm())
                + (t.algorithm().equals(Algorithm.NSGA2.id()) ? ", generation " + t.generation() : "") + ")", TITLE, plot, true);
        StringBuilder sub = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            String name = in.objectiveNames().get(i);
            Axis ax = axis(name);
            sub.append(i == 0 ? "" : ", ").append(ax.label().replaceAll(" \\(.*", "")).append(' ')
                    .append(Summary.fmt(v[i] * ax.scale())).append(ax.label().contains("(") ? " " + ax.label().replaceAll(".*\\((.*)\\)", "$1") : "");
        }
        if (bottleneck != null) sub.append("; highlighted: the bottleneck stage that sets the interval");
        chart.addSubtitle(new TextTitle(sub.toString(), SUBTITLE));
        finish(chart);
        return chart;
    }

    static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static BarRenderer bars(Color... colors) {
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < colors.length; i++) r.setSeriesPaint(i, colors[i]);
        return r;
    }

    private static void style(NumberAxis a) {
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
    }

    private static void finish(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getLegend() != null) chart.getLegend().setItemFont(LEGEND);
    }
}
