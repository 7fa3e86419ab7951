package org.medmoe.devtools.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.medmoe.model.ModelInfo;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.FiredRule;
import org.medmoe.schema.StudyFindings;

/** The demo's results: a table for the terminal, an HTML page, and whether everything was as expected. */
final class DemoReport {
    /** One row: an input and what became of it. */
    record Row(DemoCase input, String outcome, String modality, String findings, String answers, String triage,
            String latency, String check, boolean asExpected, DemoOutcomes.Published published) {
    }

    private final List<Row> rows = new ArrayList<>();

    DemoReport(List<DemoCase> cases, List<Long> offsets, DemoOutcomes outcomes) {
        for (int i = 0; i < cases.size(); i++) {
            rows.add(row(cases.get(i), offsets.get(i), outcomes));
        }
    }

    /** Adds the late series' row (revision 2 of the first study). */
    DemoReport withLate(DemoCase late, long offset, DemoOutcomes outcomes) {
        if (late != null) {
            rows.add(row(late, offset, outcomes));
        }
        return this;
    }

    boolean allAsExpected() {
        return rows.stream().allMatch(Row::asExpected);
    }

    private static Row row(DemoCase c, long offset, DemoOutcomes outcomes) {
        String study = c.event() == null ? null : c.event().getStudyInstanceUid();
        long revision = c.event() == null ? -1 : c.event().getRevision();
        DemoOutcomes.Published p = study == null ? null : outcomes.get(study, revision);
        DeadLetter letter = outcomes.letterFor(c.expect() == DemoCase.Expect.DEAD_LETTER ? study : null, offset);
        if (c.expect() == DemoCase.Expect.DROPPED) {
            boolean ok = letter == null;
            return new Row(c, "dropped", "", "repeat of revision " + revision + " (no second output)", "", "", "",
                    ok ? "ok" : "unexpected dead letter", ok, null);
        }
        if (c.expect() == DemoCase.Expect.DEAD_LETTER) {
            if (letter == null) {
                return new Row(c, "MISSING", "", "", "", "", "", "expected a dead letter " + c.reason(), false, null);
            }
            boolean ok = letter.getReason() == c.reason();
            return new Row(c, "dead letter", "", letter.getReason() + " at " + letter.getStage() + ": "
                    + shorten(letter.getMessage(), 90), "", "", "", ok ? "ok" : "expected " + c.reason(), ok, null);
        }
        if ((p == null || !p.complete()) && c.expect() == DemoCase.Expect.FINDINGS_OR_DEAD_LETTER
                && outcomes.letterFor(study, null) != null) {
            DeadLetter own = outcomes.letterFor(study, null);
            return new Row(c, "dead letter", "", own.getReason() + " at " + own.getStage() + ": "
                    + shorten(own.getMessage(), 90), "", "", "", "-", true, null);
        }
        if (p == null || !p.complete()) {
            DeadLetter other = outcomes.letterFor(study, null);
            String why = other == null ? "no output seen" : "dead letter " + other.getReason() + ": " + other.getMessage();
            String expected = c.expect() == DemoCase.Expect.FINDINGS_OR_DEAD_LETTER ? "expected findings or a dead letter"
                    : "expected findings";
            return new Row(c, "MISSING", "", shorten(why, 100), "", "", "", expected, false, null);
        }
        StudyFindings f = p.findings;
        String modality = f.getModalityScores().stream().max((a, b) -> Double.compare(a.getProbability(),
                b.getProbability())).map(m -> String.format(Locale.ROOT, "%s %.2f", m.getLabel(), m.getProbability()))
                .orElse("");
        String findings = f.getFindings().stream().filter(x -> x.getProbability() != null)
                .map(x -> String.format(Locale.ROOT, "%s %.2f", x.getFinding() == null ? x.getQuestionId()
                        : x.getFinding().getCodeMeaning(), x.getProbability())).reduce((a, b) -> a + "; " + b)
                .orElse("");
        String answers = String.join(", ", f.getFindings().stream().map(x -> x.getQuestionId() + "=" + x.getAnswer())
                .toList());
        FiredRule rule = p.triage.getFiredRules().isEmpty() ? null : p.triage.getFiredRules().get(0);
        String triage = p.triage.getPriority() + (rule == null ? "" : " (" + rule.getReason() + ")");
        long ms = Duration.between(f.getEventTime(), f.getProducedAt()).toMillis();
        String check;
        boolean ok;
        if (c.sample() == null || c.sample().truth() == null) {
            check = "-";
            ok = true;
        } else {
            List<String> wrong = c.sample().truth().wrong(f);
            ok = wrong.isEmpty() && (revision == 1 || f.getSupersedesRevision() != null);
            check = wrong.isEmpty() ? (revision > 1 ? "ok, supersedes rev " + f.getSupersedesRevision() : "ok")
                    : "expected " + String.join(", ", wrong);
        }
        return new Row(c, "findings " + f.getStatus().getCode().name().toLowerCase(Locale.ROOT), modality, findings,
                answers, triage, ms + " ms", check, ok, p);
    }

    void printTable(PrintWriter out) {
        out.println();
        out.printf("%-3s %-34s %-16s %-16s %-40s %-22s %-8s %s%n", "#", "input", "outcome", "modality (router)",
                "answers", "triage", "latency", "check");
        out.println("-".repeat(160));
        int i = 0;
        for (Row r : rows) {
            i++;
            String detail = r.answers().isEmpty() ? r.findings() : r.answers();
            out.printf("%-3d %-34s %-16s %-16s %-40s %-22s %-8s %s%n", i, shorten(r.input().description(), 34),
                    r.outcome(), r.modality(), shorten(detail, 40), shorten(r.triage(), 22), r.latency(), r.check());
        }
        long ok = rows.stream().filter(Row::asExpected).count();
        out.printf("%n%d of %d inputs ended as expected.%n", ok, rows.size());
        out.flush();
    }

    String html(ModelInfo model, String notice) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>MedMoE Stream demo</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:6px;vertical-align:top;text-align:left}.bad{color:#b00}.banner{background:#fff3cd;")
                .append("padding:1em;border:1px solid #e0c060}img{image-rendering:pixelated;width:128px}</style></head><body>")
                .append("<h1>MedMoE Stream demo</h1><p class=\"banner\">").append(esc(notice)).append("</p>")
                .append("<p>Model ").append(esc(model.name())).append(' ').append(esc(model.version())).append(" (")
                .append(esc(model.variant())).append(") on ").append(esc(model.executionProvider()))
                .append(". Every finding below is machine-generated and not for diagnostic use without review.</p>")
                .append("<table><tr><th>#</th><th>key image</th><th>input</th><th>outcome</th><th>findings</th>")
                .append("<th>triage</th><th>report draft</th><th>check</th></tr>");
        int i = 0;
        for (Row r : rows) {
            i++;
            h.append("<tr><td>").append(i).append("</td><td>");
            if (r.published() != null && r.input().sample() != null) {
                h.append("<img alt=\"key image\" src=\"data:image/png;base64,").append(Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(r.input().sample().keyImage()))).append("\">");
            }
            h.append("</td><td>").append(esc(r.input().description())).append("</td><td>").append(esc(r.outcome()))
                    .append("</td><td>").append(esc(r.modality())).append("<br>").append(esc(r.answers()))
                    .append("<br>").append(esc(r.findings())).append("</td><td>").append(esc(r.triage()))
                    .append("</td><td><pre>")
                    .append(r.published() == null ? "" : esc(r.published().draft.getText()))
                    .append("</pre></td><td class=\"").append(r.asExpected() ? "" : "bad").append("\">")
                    .append(esc(r.check())).append("</td></tr>");
        }
        return h.append("</table></body></html>\n").toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String shorten(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
