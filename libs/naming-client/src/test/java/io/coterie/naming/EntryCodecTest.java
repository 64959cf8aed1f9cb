package io.coterie.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EntryCodecTest {

    @Property(tries = 300)
    void everyEntryComesBackFromTheStoreAsItWent(@ForAll("entries") Entry entry) {
        byte[] value = EntryCodec.encode(entry);
        assertThat(EntryCodec.decode(value)).isEqualTo(entry);
        assertThat(EntryCodec.encode(EntryCodec.decode(value))).as("canonical").isEqualTo(value);
    }

    @Property(tries = 200)
    void everyNonFileEntryComesBackFromItsJson(@ForAll("entries") Entry entry) {
        if (entry instanceof FileEntry) {
            return;
        }
        byte[] json = EntryJson.toJson(entry).toString().getBytes(StandardCharsets.UTF_8);
        assertThat(EntryJson.fromRequestBody(json)).isEqualTo(entry);
    }

    @Test
    void aFileOfAMillionBytesFitsOneStoreValueRaw() {
        byte[] content = new byte[FileEntry.MAX_CONTENT_BYTES];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        FileEntry file = FileEntry.of(content, "application/x-test");
        byte[] value = EntryCodec.encode(file);
        assertThat(value.length).isLessThan(FileEntry.MAX_CONTENT_BYTES + 200);
        FileEntry back = (FileEntry) EntryCodec.decode(value);
        assertThat(back.content()).isEqualTo(content);
        assertThat(back.sha256()).isEqualTo(file.sha256()).hasSize(64);
        assertThatThrownBy(() -> FileEntry.of(new byte[FileEntry.MAX_CONTENT_BYTES + 1], null))
                .isInstanceOf(EntryTooLargeException.class).hasMessageContaining("limit is 1000000");
    }

    @Test
    void anEntryTooBigForOneValueIsRefusedAsTooLarge() {
        Map<String, String> metadata = Map.of("big", "x".repeat(1024 * 1024));
        assertThatThrownBy(() -> EntryCodec.encode(new DirectoryEntry(metadata)))
                .isInstanceOf(EntryTooLargeException.class).hasMessageContaining("at most 1048576");
    }

    @Test
    void theValueLayoutIsLengthHeaderContent() {
        byte[] value = EntryCodec.encode(FileEntry.of("hi".getBytes(StandardCharsets.UTF_8), "text/plain"));
        int headerLength = ByteBuffer.wrap(value).getInt();
        String header = new String(value, 4, headerLength, StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"kind\":\"file\",\"size\":2,\"sha256\":"
                + "\"8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4\",\"contentType\":\"text/plain\"}");
        assertThat(new String(value, 4 + headerLength, 2, StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void decodingRefusesWhatIsNotAValidEntry() {
        assertInvalid(header("{\"kind\":\"printer\"}"), "not one of service, file, link, directory");
        assertInvalid(header("{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":70000}]}"),
                "port 70000 is not between 1 and 65535");
        assertInvalid(header("{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":0}]}"),
                "port 0");
        assertInvalid(header("{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":\"80\"}]}"),
                "whole number");
        assertInvalid(header("{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":80,\"health\":\"meh\"}]}"),
                "not one of passing, warning, critical");
        assertInvalid(header("{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":80},"
                + "{\"id\":\"a\",\"address\":\"h\",\"port\":81}]}"), "appears twice");
        assertInvalid(header("{\"kind\":\"link\",\"target\":\"/a/../b\"}"), "not a valid name");
        assertInvalid(header("{\"kind\":\"link\",\"target\":\"relative\"}"), "must start with '/'");
        assertInvalid(header("{\"kind\":\"directory\",\"colour\":\"red\"}"), "no field 'colour'");
        assertInvalid(header("{\"kind\":\"directory\",\"metadata\":{\"k\":1}}"), "metadata.k must be a string");
        assertInvalid(header("{\"kind\":\"directory\",\"kind\":\"link\"}"), "not JSON");
        assertInvalid(header("[1]"), "not a JSON object");

        byte[] file = EntryCodec.encode(FileEntry.of(new byte[] {1, 2, 3}, null));
        byte[] tampered = file.clone();
        tampered[tampered.length - 1] = 9;
        assertInvalid(tampered, "sha256 does not match");
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 1);
        assertInvalid(truncated, "size 3 does not match its 2 content bytes");

        byte[] directory = EntryCodec.encode(DirectoryEntry.empty());
        byte[] withContent = java.util.Arrays.copyOf(directory, directory.length + 1);
        assertInvalid(withContent, "carries no content");
        assertInvalid(new byte[] {0, 0}, "4-byte header length");
        assertInvalid(new byte[] {0, 0, 0, 50, '{', '}'}, "does not fit");
        assertInvalid("plain text".getBytes(StandardCharsets.UTF_8), "does not fit");
    }

    @Test
    void requestBodiesAreCheckedWithClearMessages() {
        assertThat(EntryJson.fromRequestBody(("{\"kind\":\"link\",\"target\":\"/b\",\"path\":\"/a\",\"revision\":4}")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(LinkEntry.to("/b"));
        assertThat(EntryJson.fromRequestBody("{\"kind\":\"service\",\"instances\":[{\"id\":\"i\",\"address\":\"10.0.0.1\",\"port\":80}]}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(ServiceEntry.of(new Instance("i", "10.0.0.1", 80)));
        assertThatThrownBy(() -> EntryJson.fromRequestBody("{\"kind\":\"file\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("application/octet-stream");
        assertThatThrownBy(() -> EntryJson.fromRequestBody("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEntryException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EntryJson.fromRequestBody(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> EntryJson.fromRequestBody("{}".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("needs a 'kind'");
        assertThatThrownBy(() -> EntryJson.fromRequestBody("{\"kind\":\"service\",\"instances\":[{\"id\":\"i\",\"address\":\"a b\",\"port\":1}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("instances[0]").hasMessageContaining("without spaces");
    }

    private static void assertInvalid(byte[] value, String message) {
        assertThatThrownBy(() -> EntryCodec.decode(value)).isInstanceOf(InvalidEntryException.class).hasMessageContaining(message);
    }

    private static byte[] header(String json) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + header.length).putInt(header.length).put(header).array();
    }

    @Provide
    Arbitrary<Entry> entries() {
        return Arbitraries.oneOf(services(), files(), links(), metadata().map(DirectoryEntry::new));
    }

    private Arbitrary<Entry> services() {
        Arbitrary<Instance> instance = Combinators.combine(
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("10.0.0.1", "host.example", "::1", "localhost"),
                Arbitraries.integers().between(1, 65535),
                metadata(),
                Arbitraries.of(Health.class)).as(Instance::new);
        return Combinators.combine(instance.list().ofMaxSize(5).uniqueElements(Instance::id), metadata())
                .as(ServiceEntry::new);
    }

    private Arbitrary<Entry> files() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(2000),
                Arbitraries.of("text/plain", "application/octet-stream", "image/png; q=1"), metadata())
                .as(FileEntry::new);
    }

    private Arbitrary<Entry> links() {
        return Combinators.combine(
                Arbitraries.strings().withChars("abc.-_").ofMinLength(2).ofMaxLength(6).filter(s -> !s.equals("..")).list().ofMinSize(1).ofMaxSize(4)
                        .map(s -> "/" + String.join("/", s)),
                metadata()).as((target, metadata) -> new LinkEntry(NamePath.of(target), metadata));
    }

    private Arbitrary<Map<String, String>> metadata() {
        net.jqwik.api.arbitraries.StringArbitrary text = Arbitraries.strings().withCharRange(' ', '~').withChars("äöü€ß\t");
        return Arbitraries.maps(text.ofMinLength(1).ofMaxLength(8).filter(k -> !Text.hasControlCharacter(k)),
                text.ofMaxLength(16)).ofMaxSize(3);
    }

    @Test
    void unknownKindsAreNamed() {
        assertThatThrownBy(() -> Entry.Kind.parse("queue")).hasMessageContaining("'queue'");
        assertThat(List.of(Entry.Kind.values())).extracting(Entry.Kind::wire).containsExactly("service", "file", "link", "directory");
    }
}
