package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.teststore.TestStore;
import io.coterie.naming.DirectoryEntry;
import io.coterie.naming.EntryCodec;
import io.coterie.naming.NameCache;
import io.coterie.naming.NamePath;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Resolves from the cache say how old it may be; linearizable ones read through the store. */
class CacheStalenessTest extends ServiceTestBase {

    @Autowired
    NameCache cache;

    @Test
    void aHealthyCacheIsConfirmedEverySecondOrSo() {
        ok(admin.putJson("/v1/names/fresh/a", "{\"kind\":\"directory\"}"));
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> resolved = admin.get("/v1/names/fresh/a");
            ok(resolved);
            long staleness = Long.parseLong(resolved.headers().firstValue(NameController.STALENESS_HEADER).orElseThrow());
            // Polls wait 500 ms on an idle store and the age counts from a poll's send: 0 to about 1000 ms.
            assertThat(staleness).isBetween(0L, 1500L);
        }
        HttpResponse<String> linearizable = admin.get("/v1/names/fresh/a?consistency=linearizable");
        ok(linearizable);
        assertThat(linearizable.headers().firstValue(NameController.STALENESS_HEADER)).hasValue("0");
    }

    @Test
    void aLinearizableResolveSeesAWriteThatTheCacheHasNotYet() throws Exception {
        // Written around the service, straight into the store: nothing waits for this cache to catch up.
        for (int i = 0; i < 20; i++) {
            String name = "/fresh/direct-" + i;
            TestStore.shared().client().put(NamePath.of(name).storeKey(),
                    EntryCodec.encode(new DirectoryEntry(Map.of("i", Integer.toString(i))))).join();
            assertThat(ok(admin.get("/v1/names" + name + "?consistency=linearizable")).get("metadata").get("i").asString())
                    .isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void aWriteThroughTheServiceIsReadBackFromItsCache() {
        for (int i = 0; i < 20; i++) {
            long revision = ok(admin.putJson("/v1/names/fresh/own", "{\"kind\":\"directory\",\"metadata\":{\"i\":\"" + i + "\"}}"))
                    .get("revision").asLong();
            HttpResponse<String> resolved = admin.get("/v1/names/fresh/own");
            assertThat(ok(resolved).get("revision").asLong()).isEqualTo(revision);
            assertThat(cache.revision()).isGreaterThanOrEqualTo(revision);
        }
        ok(admin.delete("/v1/names/fresh/own"));
        HttpResponse<String> gone = admin.get("/v1/names/fresh/own");
        problem(gone, 404, "not-found");
        assertThat(gone.headers().firstValue(NameController.STALENESS_HEADER)).as("a 404 from the cache says how old it may be").isPresent();
    }
}
