package dev.plimsoll.wire.json;

import com.eclipsesource.json.JsonHandler;
import com.eclipsesource.json.JsonParser;
import com.eclipsesource.json.ParseException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds where malformed JSON breaks, as the pointer of the value being read at that moment: a
 * truncated docker-bench log then reports {@code /tests/2/results/0/id} rather than only an offset.
 */
final class BreakLocator extends JsonHandler<BreakLocator.Frame, BreakLocator.Frame> {

    static final class Frame {
        private final boolean array;
        private int index = -1;
        private String name;

        private Frame(boolean array) {
            this.array = array;
        }
    }

    private final Deque<Frame> frames = new ArrayDeque<>();

    private BreakLocator() {}

    /** Parses {@code text} again, expecting it to fail, and tells where. */
    static JsonShapeException locate(String text, ParseException original) {
        BreakLocator locator = new BreakLocator();
        ParseException failure = original;
        try {
            new JsonParser(locator).parse(text);
        } catch (ParseException again) {
            failure = again;
        }
        String detail = "malformed JSON: " + failure.getMessage();
        return new JsonShapeException(detail, locator.pointer());
    }

    private String pointer() {
        String pointer = "";
        for (var outermostFirst = frames.descendingIterator(); outermostFirst.hasNext(); ) {
            Frame frame = outermostFirst.next();
            if (frame.array && frame.index >= 0) {
                pointer = Pointers.child(pointer, frame.index);
            } else if (!frame.array && frame.name != null) {
                pointer = Pointers.child(pointer, frame.name);
            }
        }
        return pointer;
    }

    @Override
    public Frame startArray() {
        Frame frame = new Frame(true);
        frames.push(frame);
        return frame;
    }

    @Override
    public void startArrayValue(Frame array) {
        array.index++;
    }

    @Override
    public void endArray(Frame array) {
        frames.pop();
    }

    @Override
    public Frame startObject() {
        Frame frame = new Frame(false);
        frames.push(frame);
        return frame;
    }

    @Override
    public void startObjectName(Frame object) {
        object.name = null;
    }

    @Override
    public void endObjectName(Frame object, String name) {
        object.name = name;
    }

    @Override
    public void endObject(Frame object) {
        frames.pop();
    }
}
