package dev.plimsoll.collector.check;

import dev.plimsoll.wire.ScanTarget;
import dev.plimsoll.wire.json.Node;
import java.util.List;
import java.util.Set;

/**
 * Everything the image checks look at for one image.
 *
 * @param inspect {@code GET /images/{id}/json}
 * @param history {@code GET /images/{id}/history}, newest layer first
 * @param localTags every tag of every image on the host (signature artefacts are tags too)
 */
public record ImageFacts(Node inspect, List<Node> history, Set<String> localTags) {

    public ImageFacts {
        history = List.copyOf(history);
        localTags = Set.copyOf(localTags);
    }

    public String id() {
        return inspect.get("Id").textOr("");
    }

    /** A name a person recognises: the first tag, else the repository of the first digest, else the id. */
    public String displayName() {
        for (String tag : inspect.get("RepoTags").strings()) {
            if (!tag.equals("<none>:<none>")) {
                return tag;
            }
        }
        for (String digest : inspect.get("RepoDigests").strings()) {
            if (!digest.startsWith("<none>")) {
                return digest;
            }
        }
        String id = id();
        return id.startsWith("sha256:") && id.length() > 19 ? id.substring(7, 19) : id;
    }

    public ScanTarget target() {
        return ScanTarget.image(id(), displayName());
    }
}
