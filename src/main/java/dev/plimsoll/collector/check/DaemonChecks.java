package dev.plimsoll.collector.check;

import dev.plimsoll.collector.host.DaemonConfig.Setting;
import dev.plimsoll.wire.json.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** CIS section 2 (daemon configuration) and 5.1 (swarm mode), from /info, /version and the daemon's config. */
public final class DaemonChecks {

    /** Logging drivers that keep logs on the host only. */
    private static final Set<String> LOCAL_LOG_DRIVERS = Set.of("json-file", "local", "none", "");

    /** Insecure-registry ranges every daemon has and CIS accepts. */
    private static final Set<String> LOOPBACK_RANGES = Set.of("127.0.0.0/8", "::1/128");

    static final List<Check<HostFacts>> CHECKS = List.of(
            new Check<>(
                    "2.1",
                    "Daemon runs rootless if possible",
                    "Run Docker in rootless mode (dockerd-rootless-setuptool.sh install) where the workloads allow.",
                    facts -> facts.security().has("rootless")
                            ? Verdict.pass("SecurityOptions name=rootless")
                            : Verdict.manual("the daemon runs as root: decide whether rootless mode is possible here")),
            new Check<>(
                    "2.2",
                    "Inter-container traffic restricted on the default bridge",
                    "Set \"icc\": false in /etc/docker/daemon.json and restart the daemon.",
                    DaemonChecks::interContainerTraffic),
            new Check<>(
                    "2.3",
                    "Log level is info",
                    "Remove \"log-level\" from daemon.json or set it to \"info\".",
                    configured(facts -> {
                        Optional<Setting> level = facts.daemon().text("log-level", "--log-level", "-l");
                        if (level.isEmpty()) {
                            return Verdict.pass("log level not set (info)");
                        }
                        return Verdict.passIf(
                                level.get().value().equals("info"), level.get().toString());
                    })),
            new Check<>(
                    "2.4",
                    "Docker may change iptables",
                    "Remove \"iptables\": false from daemon.json.",
                    configured(facts -> notFalse(facts.daemon().bool("iptables", "--iptables"), "iptables"))),
            new Check<>(
                    "2.5",
                    "No insecure registries",
                    "Remove \"insecure-registries\" from daemon.json and give registries trusted TLS certificates.",
                    DaemonChecks::insecureRegistries),
            new Check<>("2.6", "aufs storage driver not used", "Move to the overlay2 storage driver.", facts -> {
                String driver = facts.info().get("Driver").textOr("?");
                return Verdict.passIf(!driver.equals("aufs"), "storage driver " + driver);
            }),
            new Check<>(
                    "2.7",
                    "TLS authentication for a TCP-listening daemon",
                    "Serve TCP only with \"tlsverify\": true and tlscacert, tlscert and tlskey set, or listen on the unix"
                            + " socket only.",
                    DaemonChecks::tlsForTcp),
            new Check<>(
                    "2.8",
                    "Default ulimits configured",
                    "Set \"default-ulimits\" in daemon.json as the host's policy requires.",
                    configured(facts -> {
                        List<Setting> ulimits = facts.daemon().list("default-ulimits", "--default-ulimit");
                        return ulimits.isEmpty()
                                ? Verdict.manual("no default ulimits set: containers inherit the daemon's;"
                                        + " confirm that suits the host's policy")
                                : Verdict.pass("default ulimits " + ulimits);
                    })),
            new Check<>(
                    "2.9",
                    "User namespace remapping enabled",
                    "Set \"userns-remap\": \"default\" in daemon.json.",
                    facts -> {
                        if (facts.security().has("userns")) {
                            return Verdict.pass("SecurityOptions name=userns");
                        }
                        Optional<Setting> remap = facts.daemon().text("userns-remap", "--userns-remap");
                        return remap.map(setting -> Verdict.pass(setting.toString()))
                                .orElse(Verdict.fail("user namespace remapping is off"));
                    }),
            new Check<>(
                    "2.10",
                    "Default cgroup parent",
                    "Remove \"cgroup-parent\" from daemon.json unless the host's policy needs it.",
                    configured(facts -> facts.daemon()
                            .text("cgroup-parent", "--cgroup-parent")
                            .map(setting -> Verdict.manual(setting + ": confirm this cgroup parent is intended"))
                            .orElse(Verdict.pass("default cgroup parent")))),
            new Check<>(
                    "2.11",
                    "Base device size not changed",
                    "Remove dm.basesize from \"storage-opts\".",
                    configured(facts -> {
                        List<Setting> baseSize = facts.daemon().list("storage-opts", "--storage-opt").stream()
                                .filter(setting -> setting.value().startsWith("dm.basesize"))
                                .toList();
                        return baseSize.isEmpty()
                                ? Verdict.pass("dm.basesize not set")
                                : Verdict.fail(baseSize.toString());
                    })),
            new Check<>(
                    "2.12",
                    "Authorization plugin for client commands",
                    "Install an authorization plugin and list it in \"authorization-plugins\".",
                    facts -> {
                        List<String> plugins =
                                facts.info().path("Plugins", "Authorization").strings();
                        if (plugins.isEmpty()) {
                            plugins = facts.daemon().list("authorization-plugins", "--authorization-plugin").stream()
                                    .map(Setting::value)
                                    .toList();
                        }
                        return plugins.isEmpty()
                                ? Verdict.fail("no authorization plugin")
                                : Verdict.pass("authorization plugins " + plugins);
                    }),
            new Check<>(
                    "2.13",
                    "Centralized and remote logging",
                    "Set \"log-driver\" to a driver that ships logs off the host (syslog, journald with forwarding,"
                            + " fluentd, gelf, splunk, awslogs, ...).",
                    facts -> {
                        String driver = facts.info().get("LoggingDriver").textOr("");
                        return LOCAL_LOG_DRIVERS.contains(driver)
                                ? Verdict.fail("logging driver " + (driver.isEmpty() ? "unknown" : driver)
                                        + " keeps logs on the host")
                                : Verdict.pass("logging driver " + driver);
                    }),
            new Check<>(
                    "2.14",
                    "Daemon-wide no-new-privileges",
                    "Set \"no-new-privileges\": true in daemon.json.",
                    facts -> {
                        if (facts.security().has("no-new-privileges")) {
                            return Verdict.pass("SecurityOptions name=no-new-privileges");
                        }
                        Optional<Setting> setting = facts.daemon().bool("no-new-privileges", "--no-new-privileges");
                        return setting.filter(value -> value.value().equals("true"))
                                .map(value -> Verdict.pass(value.toString()))
                                .orElse(Verdict.fail("no-new-privileges is not the daemon's default"));
                    }),
            new Check<>("2.15", "Live restore enabled", "Set \"live-restore\": true in daemon.json.", facts -> {
                if (facts.info().get("LiveRestoreEnabled").boolOr(false)) {
                    return Verdict.pass("LiveRestoreEnabled=true");
                }
                return facts.swarmActive()
                        ? Verdict.skip("live restore does not work with swarm mode, which is active")
                        : Verdict.fail("LiveRestoreEnabled=false");
            }),
            new Check<>(
                    "2.16",
                    "Userland proxy disabled",
                    "Set \"userland-proxy\": false in daemon.json.",
                    configured(facts -> {
                        Optional<Setting> proxy = facts.daemon().bool("userland-proxy", "--userland-proxy");
                        return proxy.filter(setting -> setting.value().equals("false"))
                                .map(setting -> Verdict.pass(setting.toString()))
                                .orElse(Verdict.fail(
                                        proxy.map(Setting::toString).orElse("userland proxy on (the default)")));
                    })),
            new Check<>(
                    "2.17",
                    "Seccomp profile applied daemon-wide",
                    "Keep seccomp enabled; set \"seccomp-profile\" only to a profile that is at least as strict as the"
                            + " default.",
                    DaemonChecks::seccompProfile),
            new Check<>(
                    "2.18", "Experimental features off", "Remove \"experimental\": true from daemon.json.", facts -> {
                        boolean experimental =
                                facts.version().get("Experimental").boolOr(false)
                                        || facts.info().get("ExperimentalBuild").boolOr(false);
                        return Verdict.passIf(!experimental, "experimental=" + experimental);
                    }),
            new Check<>(
                    "5.1",
                    "Swarm mode off unless needed",
                    "Leave the swarm (docker swarm leave) on hosts that do not need it.",
                    facts -> facts.swarmActive()
                            ? Verdict.manual("swarm mode is active: confirm this host must be part of a swarm")
                            : Verdict.pass("swarm mode is "
                                    + facts.info()
                                            .path("Swarm", "LocalNodeState")
                                            .textOr("off"))));

    private DaemonChecks() {}

    private static Verdict interContainerTraffic(HostFacts facts) {
        for (Node network : facts.networks()) {
            if (network.get("Name").textOr("").equals("bridge")) {
                String icc = network.path("Options", "com.docker.network.bridge.enable_icc")
                        .textOr("");
                if (!icc.isEmpty()) {
                    return Verdict.passIf(icc.equals("false"), "default bridge enable_icc=" + icc);
                }
            }
        }
        return configured(f -> {
                    Optional<Setting> icc = f.daemon().bool("icc", "--icc");
                    return icc.filter(setting -> setting.value().equals("false"))
                            .map(setting -> Verdict.pass(setting.toString()))
                            .orElse(Verdict.fail(icc.map(Setting::toString).orElse("icc not set (true)")));
                })
                .apply(facts);
    }

    private static Verdict insecureRegistries(HostFacts facts) {
        List<String> insecure = new ArrayList<>();
        Node registries = facts.info().get("RegistryConfig");
        for (String cidr : registries.get("InsecureRegistryCIDRs").strings()) {
            if (!LOOPBACK_RANGES.contains(cidr)) {
                insecure.add(cidr);
            }
        }
        Node indexes = registries.get("IndexConfigs");
        for (String name : indexes.names()) {
            if (!indexes.get(name).get("Secure").boolOr(true)) {
                insecure.add(name);
            }
        }
        if (registries.isMissing()) {
            facts.daemon().list("insecure-registries", "--insecure-registry").stream()
                    .map(Setting::value)
                    .forEach(insecure::add);
        }
        return insecure.isEmpty()
                ? Verdict.pass("no insecure registry")
                : Verdict.fail("insecure registries " + insecure);
    }

    private static Verdict tlsForTcp(HostFacts facts) {
        List<String> tcp = facts.daemon().list("hosts", "-H", "--host").stream()
                .map(Setting::value)
                .filter(host -> host.startsWith("tcp://"))
                .toList();
        if (tcp.isEmpty()) {
            if (facts.daemon().commandLine().isEmpty()
                    && facts.daemon().problem().isPresent()) {
                return Verdict.error(facts.daemon().problem().get());
            }
            return Verdict.skip("the daemon does not listen on TCP");
        }
        boolean verify = facts.daemon()
                .bool("tlsverify", "--tlsverify")
                .map(setting -> setting.value().equals("true"))
                .orElse(false);
        return verify
                ? Verdict.pass("TCP listeners " + tcp + " require verified TLS clients")
                : Verdict.fail("TCP listeners " + tcp + " without tlsverify");
    }

    private static Verdict seccompProfile(HostFacts facts) {
        for (String option : facts.info().get("SecurityOptions").strings()) {
            if (option.startsWith("name=seccomp")) {
                String profile = option.contains("profile=") ? option.substring(option.indexOf("profile=") + 8) : "";
                // Engines before 20.10 call Docker's own profile "default", later ones "builtin".
                return switch (profile) {
                    case "default", "builtin", "" ->
                        Verdict.pass("seccomp on with Docker's default profile (" + option + ")");
                    case "unconfined" -> Verdict.fail("seccomp profile unconfined (" + option + ")");
                    default -> Verdict.pass("seccomp on with custom profile " + profile);
                };
            }
        }
        return Verdict.fail("seccomp is not enabled (no name=seccomp in SecurityOptions)");
    }

    private static Verdict notFalse(Optional<Setting> setting, String name) {
        return setting.filter(value -> value.value().equals("false"))
                .map(value -> Verdict.fail(value.toString()))
                .orElse(Verdict.pass(setting.map(Setting::toString).orElse(name + " not set (true)")));
    }

    /** A check that reads daemon.json: when that file is broken, the verdict is an error saying so. */
    private static Function<HostFacts, Verdict> configured(Function<HostFacts, Verdict> rule) {
        return facts -> facts.daemon().problem().map(Verdict::error).orElseGet(() -> rule.apply(facts));
    }
}
