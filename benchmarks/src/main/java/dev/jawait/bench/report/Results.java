package dev.jawait.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one JMH run, read from its CSV output ({@code -rf csv -rff FILE}). A primary result
 * is named {@code pkg.Scenario.row}; a secondary one (from {@code -prof gc} or
 * {@code @AuxCounters}) {@code pkg.Scenario.row:metric}.
 */
public final class Results {
    /** One line of the CSV. */
    public record Line(String scenario, String row, String metric, String params, int samples,
            double score, double error, String unit) {}

    private final Map<String, Line> lines = new LinkedHashMap<>();

    private Results() {}

    /** Reads {@code csv}. */
    public static Results read(Path csv) throws IOException {
        Results results = new Results();
        List<String> text = Files.readAllLines(csv);
        if (text.isEmpty()) {
            throw new IOException(csv + " is empty: JMH writes it when the run ends; is the run finished?");
        }
        List<String> header = split(text.get(0));
        for (String raw : text.subList(1, text.size())) {
            if (raw.isBlank()) {
                continue;
            }
            List<String> f = split(raw);
            String name = f.get(0);
            String metric = "";
            int colon = name.indexOf(':');
            if (colon >= 0) {
                metric = name.substring(colon + 1).replace("\u00b7", "");
                name = name.substring(0, colon);
            }
            int lastDot = name.lastIndexOf('.');
            String row = name.substring(lastDot + 1);
            String scenario = name.substring(name.lastIndexOf('.', lastDot - 1) + 1, lastDot);
            StringBuilder params = new StringBuilder();
            for (int i = 7; i < f.size(); i++) {
                if (!f.get(i).isEmpty()) {
                    params.append(params.length() == 0 ? "" : ", ")
                            .append(header.get(i).replace("Param: ", "")).append('=').append(f.get(i));
                }
            }
            Line line = new Line(scenario, row, metric, params.toString(), Integer.parseInt(f.get(3)),
                    Double.parseDouble(f.get(4)), parse(f.get(5)), f.get(6));
            results.lines.put(key(scenario, row, metric), line);
        }
        return results;
    }

    private static double parse(String number) {
        return number.equals("NaN") ? Double.NaN : Double.parseDouble(number);
    }

    private static String key(String scenario, String row, String metric) {
        return scenario + '.' + row + ':' + metric;
    }

    /** The line for {@code scenario.row:metric} ({@code ""} = the primary score), or null. */
    public Line get(String scenario, String row, String metric) {
        return lines.get(key(scenario, row, metric));
    }

    /** Every line in file order. */
    public List<Line> all() {
        return new ArrayList<>(lines.values());
    }

    private static List<String> split(String csvLine) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csvLine.length(); i++) {
            char c = csvLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
