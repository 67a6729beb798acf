package dev.seedancebot.testkit.seedance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A response ready to send; the body is written on demand so multi-megabyte results are streamed, not buffered. */
record Reply(int status, String contentType, List<Map.Entry<String, String>> headers, long length, BodyWriter body) {

    interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    static Reply json(int status, String json) {
        return bytes(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply bytes(int status, String contentType, byte[] bytes) {
        return new Reply(status, contentType, List.of(), bytes.length, out -> out.write(bytes));
    }

    static Reply from(Fault fault) {
        Reply reply = json(fault.status(), fault.body());
        for (Map.Entry<String, String> header : fault.headers()) {
            reply = reply.withHeader(header.getKey(), header.getValue());
        }
        return reply;
    }

    Reply withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Reply(status, contentType, List.copyOf(more), length, body);
    }
}
