package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.json.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** CIS section 4 (container images and build files) and PL-3 (signed images), per local image. */
public final class ImageChecks {

    private static final Pattern PACKAGE_UPDATE = Pattern.compile(
            "\\b(apt-get|apt|yum|dnf|microdnf|apk|zypper)\\s+(-\\S+\\s+)*(update|makecache|refresh)\\b");

    private static final Pattern PACKAGE_INSTALL = Pattern.compile("\\b(install|add|upgrade|dist-upgrade)\\b");

    private static final Pattern ADD_INSTRUCTION = Pattern.compile("(#\\(nop\\)\\s+|^)ADD\\s");

    /** How a base image's root file system is added: {@code ADD file:<hash> in /}. */
    private static final Pattern BASE_LAYER_ADD = Pattern.compile("ADD\\s+(file|multi):[0-9a-f]+\\s+in\\s+/\\s*$");

    /** {@code ENV NAME=value} or {@code ENV NAME value} in a history entry. */
    private static final Pattern ENV_INSTRUCTION = Pattern.compile("\\bENV\\s+([A-Za-z_][A-Za-z0-9_]*)[=\\s]+(\\S+)");

    /** Build arguments recorded in front of a RUN: {@code |2 NAME=value OTHER=value /bin/sh -c ...}. */
    private static final Pattern BUILD_ARGS = Pattern.compile("^\\|\\d+\\s+((?:[A-Za-z_][A-Za-z0-9_]*=\\S*\\s+)+)");

    static final List<Check<ImageFacts>> CHECKS = List.of(
            new Check<>(
                    "4.1",
                    "Image runs as a non-root user",
                    "Add a USER instruction with a non-root user to the Dockerfile.",
                    ImageChecks::nonRootUser),
            new Check<>(
                    "4.2",
                    "Only trusted base images",
                    "Build only from base images of approved registries.",
                    image -> Verdict.manual("the base image's origin needs a registry allow-list: " + originOf(image))),
            new Check<>(
                    "4.3",
                    "No unnecessary packages",
                    "Remove packages the application does not need; prefer minimal or distroless bases.",
                    image -> Verdict.manual("needs the image's package list: import a scanner's report")),
            new Check<>(
                    "4.4",
                    "Images scanned and rebuilt with security patches",
                    "Scan images for vulnerabilities and rebuild them when fixes are available.",
                    image -> Verdict.manual("needs vulnerability findings: import a scanner's report (for example"
                            + " trivy image --format json) for " + image.displayName())),
            new Check<>(
                    "4.5",
                    "Content trust enabled",
                    "Verify image signatures with a current tool (cosign, notation) before running images.",
                    image -> Verdict.manual("Docker Content Trust (Notary v1) is retired; whether the image is"
                            + " signed and verified is PL-3")),
            new Check<>(
                    "4.6",
                    "HEALTHCHECK in the image",
                    "Add a HEALTHCHECK instruction to the Dockerfile.",
                    ImageChecks::healthCheck),
            new Check<>(
                    "4.7",
                    "Update instructions not used alone",
                    "Update and install in the same RUN (apt-get update && apt-get install -y ...).",
                    ImageChecks::updateAlone),
            new Check<>(
                    "4.8",
                    "setuid and setgid bits removed",
                    "Remove setuid and setgid bits in the Dockerfile (find / -perm /6000 -type f -exec chmod a-s {} +).",
                    image -> Verdict.manual("needs a walk of the image's file system (find / -perm /6000)")),
            new Check<>(
                    "4.9",
                    "COPY instead of ADD",
                    "Use COPY instead of ADD in the Dockerfile.",
                    ImageChecks::copyInsteadOfAdd),
            new Check<>(
                    "4.10",
                    "No secrets in the image",
                    "Pass secrets at build time with --secret and at run time as files; never in ENV or ARG.",
                    ImageChecks::noSecrets),
            new Check<>(
                    "4.11",
                    "Only verified packages installed",
                    "Install packages only from repositories whose signatures the package manager verifies.",
                    image -> Verdict.manual(
                            "package signature checking happens in the build, which the image" + " does not record")),
            new Check<>(
                    "4.12",
                    "Signed artifacts validated",
                    "Validate the signatures of downloaded artifacts in the build.",
                    image -> Verdict.manual(
                            "artifact validation happens in the build, which the image does not" + " record")),
            new Check<>(
                    "PL-3",
                    "Image verified by signature",
                    "Sign images (cosign sign / notation sign) and enforce verification where they are pulled.",
                    ImageChecks::signature));

    private ImageChecks() {}

    /** Judges one image: one result per control. */
    public static List<ScanResult> evaluate(ImageFacts image) {
        ScanTarget target = image.target();
        List<ScanResult> results = new ArrayList<>(CHECKS.size());
        for (Check<ImageFacts> check : CHECKS) {
            results.add(check.run(image, target));
        }
        return results;
    }

    private static Verdict nonRootUser(ImageFacts image) {
        String user = image.inspect().path("Config", "User").textOr("");
        String account = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (account.isEmpty() || account.equals("0") || account.equals("root")) {
            return Verdict.fail(user.isEmpty() ? "no USER: the image runs as root" : "USER " + user);
        }
        return Verdict.pass("USER " + user);
    }

    private static String originOf(ImageFacts image) {
        List<String> digests = image.inspect().get("RepoDigests").strings();
        return digests.isEmpty() ? "built locally (no registry digest)" : String.join(", ", digests);
    }

    private static Verdict healthCheck(ImageFacts image) {
        Node healthcheck = image.inspect().path("Config", "Healthcheck");
        List<String> test = healthcheck.get("Test").strings();
        if (test.isEmpty()) {
            return Verdict.fail("no HEALTHCHECK");
        }
        if (test.get(0).equals("NONE")) {
            return Verdict.fail("HEALTHCHECK NONE");
        }
        return Verdict.pass("HEALTHCHECK " + String.join(" ", test));
    }

    private static Verdict updateAlone(ImageFacts image) {
        if (image.history().isEmpty()) {
            return Verdict.manual("the image's history is not available");
        }
        List<String> alone = new ArrayList<>();
        for (Node layer : image.history()) {
            String createdBy = layer.get("CreatedBy").textOr("");
            if (PACKAGE_UPDATE.matcher(createdBy).find()
                    && !PACKAGE_INSTALL.matcher(createdBy).find()) {
                alone.add(abbreviate(createdBy));
            }
        }
        return alone.isEmpty()
                ? Verdict.pass(image.history().size() + " layers, no update without install")
                : Verdict.fail("update without install in the same layer: " + alone);
    }

    private static Verdict copyInsteadOfAdd(ImageFacts image) {
        if (image.history().isEmpty()) {
            return Verdict.manual("the image's history is not available");
        }
        List<String> adds = new ArrayList<>();
        List<Node> layers = image.history();
        for (int i = 0; i < layers.size(); i++) {
            String createdBy = layers.get(i).get("CreatedBy").textOr("").strip();
            boolean baseLayer =
                    i == layers.size() - 1 || BASE_LAYER_ADD.matcher(createdBy).find();
            if (ADD_INSTRUCTION.matcher(createdBy).find() && !baseLayer) {
                adds.add(abbreviate(createdBy));
            }
        }
        return adds.isEmpty()
                ? Verdict.pass("no ADD instruction above the base layer")
                : Verdict.fail("ADD used: " + adds);
    }

    private static Verdict noSecrets(ImageFacts image) {
        List<SecretDetector.Finding> findings = new ArrayList<>(SecretDetector.inEnvironment(
                image.inspect().path("Config", "Env").strings()));
        for (Node layer : image.history()) {
            String createdBy = layer.get("CreatedBy").textOr("");
            Matcher env = ENV_INSTRUCTION.matcher(createdBy);
            while (env.find()) {
                SecretDetector.whySecret(env.group(1), env.group(2))
                        .ifPresent(why -> findings.add(new SecretDetector.Finding(env.group(1), why + ", in ENV")));
            }
            Matcher args = BUILD_ARGS.matcher(createdBy);
            if (args.find()) {
                for (String pair : args.group(1).trim().split("\\s+")) {
                    int equals = pair.indexOf('=');
                    String name = pair.substring(0, equals);
                    SecretDetector.whySecret(name, pair.substring(equals + 1))
                            .ifPresent(why -> findings.add(new SecretDetector.Finding(name, why + ", build argument")));
                }
            }
        }
        if (!findings.isEmpty()) {
            return Verdict.fail("secrets baked into the image: "
                    + findings.stream().map(Object::toString).distinct().collect(Collectors.joining(", ")));
        }
        return Verdict.manual("no secret found in ENV or build arguments; secrets in the image's files need a"
                + " scanner (trivy image --scanners secret)");
    }

    private static Verdict signature(ImageFacts image) {
        List<String> digests = image.inspect().get("RepoDigests").strings();
        if (digests.isEmpty()) {
            return Verdict.manual("built locally: there is no registry digest whose signature could be checked");
        }
        List<String> signatures = new ArrayList<>();
        for (String reference : digests) {
            int at = reference.indexOf("@sha256:");
            if (at > 0) {
                String signatureTag = reference.substring(0, at) + ":sha256-"
                        + reference.substring(at + "@sha256:".length()) + ".sig";
                if (image.localTags().contains(signatureTag)) {
                    signatures.add(signatureTag);
                }
            }
        }
        if (!signatures.isEmpty()) {
            return Verdict.info("cosign signature artefacts are present locally " + signatures
                    + "; the collector does not verify them: verify with cosign verify and a trust policy");
        }
        return Verdict.manual("no signature artefact is visible on the host; verifying " + String.join(", ", digests)
                + " needs the registry and a trust policy (cosign verify, notation verify)");
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
