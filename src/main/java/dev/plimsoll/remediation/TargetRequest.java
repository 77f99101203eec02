package dev.plimsoll.remediation;

import java.util.List;

/**
 * A notification target: {@code kind} webhook (signed JSON), slack (a Slack-compatible incoming
 * webhook) or email; {@code address} the URL or e-mail address; {@code events} what it receives;
 * {@code team} limits it to one team's events (omit for all).
 */
public record TargetRequest(String name, String kind, String address, List<String> events, String team) {}
