package dev.plimsoll.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Validates a document against a JSON Schema (draft-07) from the classpath. */
final class SchemaCheck {

    private SchemaCheck() {}

    static List<String> errors(String schemaResource, String document) {
        try (InputStream schemaText = SchemaCheck.class.getResourceAsStream(schemaResource)) {
            if (schemaText == null) {
                throw new IllegalStateException("No schema " + schemaResource);
            }
            JsonSchema schema =
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaText);
            return schema.validate(new ObjectMapper().readTree(document)).stream()
                    .map(ValidationMessage::getMessage)
                    .limit(20)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
