package dev.plimsoll.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Random documents and random edits of their text. */
public final class RandomDocuments {

    private RandomDocuments() {}

    private static final String ODD = "\"\\/\u0000\u0001\u001f\u007f\u0085\u2028\u2029éü€\uD83D\uDE00\uD800 \t\n";

    public static ScanDocument random(Random random) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            labels.put(text(random, 1), text(random, 0));
        }
        List<ScanResult> results = new ArrayList<>();
        ScanTarget target = ScanTarget.host();
        for (int i = random.nextInt(12); i > 0; i--) {
            if (random.nextInt(3) == 0) {
                TargetKind kind = TargetKind.values()[random.nextInt(TargetKind.values().length)];
                target = kind == TargetKind.host
                        ? ScanTarget.host()
                        : new ScanTarget(kind, maybe(random), text(random, 1), maybe(random), maybe(random));
            }
            results.add(new ScanResult(
                    text(random, 1),
                    ResultStatus.values()[random.nextInt(ResultStatus.values().length)],
                    target,
                    maybe(random),
                    maybe(random)));
        }
        Instant finished =
                Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(3) * 1000);
        return new ScanDocument(
                new UUID(random.nextLong(), random.nextLong()).toString(),
                random.nextBoolean()
                        ? ScanBenchmark.CIS_DOCKER_1_6_0
                        : new ScanBenchmark(text(random, 1), text(random, 1)),
                new ScanHost(text(random, 1), maybe(random), maybe(random), maybe(random), labels),
                new ScanCollector(text(random, 1), maybe(random)),
                finished.minusSeconds(random.nextInt(60)),
                finished,
                results);
    }

    /** Edits anywhere in the text, most of them about its structure. */
    public static String edit(String text, Random random) {
        int at = random.nextInt(text.length() + 1);
        String[] pieces = {
            "null",
            "1",
            "-0.5e3",
            "true",
            "{}",
            "[]",
            "\"x\"",
            "\"FAIL\"",
            "\"Container\"",
            ",",
            ":",
            "\"",
            "\"extra\":{\"a\":[1,{\"b\":null}]},",
            "\"status\":\"pass\",",
            "\"target\":null,",
            "\"labels\":null,",
            "\"id\":\"again\",",
            "\"kind\":\"image\",",
            "\\u0041",
            "\\",
            "]",
            "}",
            "[[[[",
            " "
        };
        return switch (random.nextInt(6)) {
            case 0 -> text.substring(0, at) + pieces[random.nextInt(pieces.length)] + text.substring(at);
            case 1 -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(12));
                yield text.substring(0, Math.min(at, end)) + text.substring(end);
            }
            case 2 -> replaceValue(text, random, pieces);
            case 3 -> {
                String member = "\""
                        + List.of(
                                        "scanId",
                                        "status",
                                        "control",
                                        "kind",
                                        "name",
                                        "labels",
                                        "target",
                                        "results",
                                        "finishedAt",
                                        "evidence",
                                        "hostname")
                                .get(random.nextInt(11))
                        + "\":";
                int index = text.indexOf(member, at);
                yield index < 0
                        ? text
                        : text.substring(0, index)
                                + member + pieces[random.nextInt(pieces.length)] + ","
                                + text.substring(index);
            }
            case 4 -> text.substring(0, at) + ODD.charAt(random.nextInt(ODD.length())) + text.substring(at);
            default -> text.replace("\"status\":\"pass\"", "\"status\":\"PASS\"");
        };
    }

    private static String replaceValue(String text, Random random, String[] pieces) {
        int colon = text.indexOf("\":", random.nextInt(text.length()));
        if (colon < 0) {
            return text;
        }
        int start = colon + 2;
        int end = start;
        if (end < text.length() && text.charAt(end) == '"') {
            end++;
            while (end < text.length() && text.charAt(end) != '"') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(text.length(), end + 1);
        }
        return text.substring(0, start) + pieces[random.nextInt(pieces.length)] + text.substring(end);
    }

    private static String maybe(Random random) {
        return random.nextInt(3) == 0 ? null : text(random, 0);
    }

    private static String text(Random random, int minimum) {
        StringBuilder text = new StringBuilder();
        for (int n = minimum + random.nextInt(8); n > 0; n--) {
            text.append(
                    random.nextInt(4) == 0
                            ? ODD.charAt(random.nextInt(ODD.length()))
                            : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
