package dev.plimsoll.wire.imports;

import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.json.Node;

/** Converts one tool's parsed output to the native scan document. */
interface Importer {

    /**
     * @param scanId the id the document gets
     * @throws dev.plimsoll.wire.json.JsonShapeException where the input is not shaped as the tool writes it
     * @throws ImportException where something the caller must supply is missing
     */
    ScanDocument convert(Node root, ImportContext context, String scanId);
}
