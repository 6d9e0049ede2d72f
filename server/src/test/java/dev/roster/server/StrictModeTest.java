package dev.roster.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A directory can switch IdP rules off with the CLI; the running server answers by the RFC within a second. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictModeTest {
    private final TestServer server = TestServer.start();
    private final ScimClient scim = server.client();

    @AfterAll
    void stop() { server.close(); }

    private String rules(String... args) throws Exception {
        String[] flags = TestDatabase.cliFlags(server.database());
        String[] all = new String[2 + flags.length + args.length];
        all[0] = "directory";
        all[1] = "rules";
        System.arraycopy(flags, 0, all, 2, flags.length);
        System.arraycopy(args, 0, all, 2 + flags.length, args.length);
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(dev.roster.server.cli.Main.run(all)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A directory's rules are cached with its token for up to a second: ask until the change shows. */
    private ScimClient.Response eventually(java.util.function.Supplier<ScimClient.Response> request, int status) throws Exception {
        ScimClient.Response r = request.get();
        for (int i = 0; i < 30 && r.status() != status; i++) {
            Thread.sleep(100);
            r = request.get();
        }
        return r;
    }

    @Test
    void switchingRulesOffAndOnAgain() throws Exception {
        String id = scim.post("/Users", "{'userName':'strict@example.com'}").json().get("id").asText();
        String entra = "{'Operations':[{'op':'Replace','path':'active','value':'False'}]}";

        assertThat(rules("--disable", "boolean-strings")).contains("off  boolean-strings");
        ScimClient.Response stringBoolean = eventually(() -> scim.patch("/Users/" + id, entra), 400);
        assertThat(stringBoolean.status()).isEqualTo(400);
        assertThat(stringBoolean.json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(scim.post("/Users", "{'userName':'strict2@example.com','active':'True'}").status()).isEqualTo(400);

        assertThat(rules("--strict")).doesNotContain(" on  ");
        assertThat(eventually(() -> scim.patch("/Users/" + id, "{'Operations':[{'op':'Replace','path':'active','value':false}]}"), 400)
                .json().get("scimType").asText()).isEqualTo("invalidSyntax");
        assertThat(scim.patch("/Users/" + id, "{'Operations':[]}").status()).isEqualTo(400);
        // What the RFC allows still works in strict mode.
        assertThat(scim.patch("/Users/" + id, "{'Operations':[{'op':'replace','path':'active','value':false}]}").status()).isEqualTo(200);
        // An extension attribute must be named with its URN: unqualified, it is no attribute of User.
        assertThat(scim.get("/Users?sortBy=department").json().get("scimType").asText()).isEqualTo("invalidValue");
        assertThat(scim.get("/Users?sortBy=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department").status())
                .isEqualTo(200);

        assertThat(rules("--default")).doesNotContain(" off ");
        assertThat(eventually(() -> scim.patch("/Users/" + id, entra), 200).status()).isEqualTo(200);
    }
}
