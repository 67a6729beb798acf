package dev.seedancebot.testkit.seedance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedancebot.testkit.TestMedia;
import java.io.IOException;
import java.util.Base64;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeSeedanceAssetTest {
    private FakeSeedanceServer server = FakeSeedanceServer.start();
    private SeedanceHttp http = new SeedanceHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private String createGroup() throws IOException {
        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAssetGroup", "{\"model\":\"volc-asset\",\"Name\":\"bot\"}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json().get("Id").asText();
    }

    private SeedanceHttp.Answer createImageAsset(String groupId, String name, String url) throws IOException {
        return http.post("/volc/asset/CreateAsset", "{\"model\":\"volc-asset\",\"GroupId\":\"" + groupId + "\",\"Name\":\""
                + name + "\",\"AssetType\":\"Image\",\"URL\":\"" + url + "\"}");
    }

    private String pngDataUri() {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(TestMedia.bytes(TestMedia.IMAGE_PNG));
    }

    private JsonNode getAsset(String id) throws IOException {
        return http.post("/volc/asset/GetAsset", "{\"Id\":\"" + id + "\"}").json();
    }

    private static String createWithAsset(String assetId) {
        return "{\"model\":\"seedance-2.0-mini\",\"content\":[{\"type\":\"text\",\"text\":\"@image1 waves\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"asset://" + assetId + "\"},\"role\":\"reference_image\"}]}";
    }

    @Test
    void assetLifecycle_dataUriImage_processingThenActiveThenUsable() throws IOException {
        String groupId = createGroup();
        String assetId = createImageAsset(groupId, "hero", pngDataUri()).json().get("Id").asText();

        int beforeActive = http.create(createWithAsset(assetId)).status();
        JsonNode first = getAsset(assetId);
        JsonNode second = getAsset(assetId);
        SeedanceHttp.Answer generation = http.create(createWithAsset(assetId));

        assertThat(groupId).matches("group-\\d{14}-[a-z0-9]{5}");
        assertThat(assetId).matches("asset-\\d{14}-[a-z0-9]{5}");
        assertThat(beforeActive).isEqualTo(400);
        assertThat(first.get("Status").asText()).isEqualTo("Processing");
        assertThat(first.get("Id").asText()).isEqualTo(assetId);
        assertThat(first.get("GroupId").asText()).isEqualTo(groupId);
        assertThat(first.get("AssetType").asText()).isEqualTo("Image");
        assertThat(first.get("Name").asText()).isEqualTo("hero");
        assertThat(first.get("URL").asText()).contains("sig=fake");
        assertThat(first.get("CreateTime").asText()).endsWith("Z");
        assertThat(second.get("Status").asText()).isEqualTo("Active");
        assertThat(generation.status()).as(generation.text()).isEqualTo(200);
        assertThat(server.asset(assetId)).hasValueSatisfying(a -> {
            assertThat(a.sizeBytes()).isEqualTo(TestMedia.bytes(TestMedia.IMAGE_PNG).length);
            assertThat(a.multipart()).isFalse();
            assertThat(a.status()).isEqualTo("Active");
            assertThat(a.reads()).isEqualTo(2);
        });
    }

    @Test
    void createAsset_assetPollsUntilActiveZero_isActiveAtOnce() throws IOException {
        server.close();
        server = FakeSeedanceServer.builder().assetPollsUntilActive(0).start();
        http = new SeedanceHttp(server);
        String assetId = createImageAsset(createGroup(), "a", "https://example.com/a.png").json().get("Id").asText();

        assertThat(http.create(createWithAsset(assetId)).status()).isEqualTo(200);
        assertThat(server.asset(assetId).orElseThrow().sizeBytes()).isEqualTo(-1);
        assertThat(getAsset(assetId).get("Status").asText()).isEqualTo("Active");
    }

    @Test
    void createAsset_videoWithImageModel_answers400() throws IOException {
        String groupId = createGroup();

        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAsset", "{\"model\":\"volc-asset\",\"GroupId\":\""
                + groupId + "\",\"AssetType\":\"Video\",\"URL\":\"https://example.com/v.mp4\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains("volc-asset-video");
    }

    @Test
    void createAsset_videoWithVideoModelAndNoName_isAccepted() throws IOException {
        String groupId = createGroup();

        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAsset", "{\"model\":\"volc-asset-video\",\"GroupId\":\""
                + groupId + "\",\"AssetType\":\"Video\",\"URL\":\"https://example.com/v.mp4\"}");

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void createAsset_unknownGroup_answers404NotFoundGroup() throws IOException {
        SeedanceHttp.Answer answer = createImageAsset("group-20260101000000-nopex", "a", pngDataUri());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/message").asText())
                .contains("[NotFound.group_id] The specified asset_group group-20260101000000-nopex is not found.");
    }

    @Test
    void createAsset_duplicateNameInGroup_answers404LikeMissingGroup() throws IOException {
        String groupId = createGroup();
        createImageAsset(groupId, "same", pngDataUri());

        assertThat(createImageAsset(groupId, "same", pngDataUri()).status()).isEqualTo(404);
    }

    @Test
    void createAsset_multipart_returnsIdButNeverBecomesUsable() throws IOException {
        String groupId = createGroup();
        byte[] png = TestMedia.bytes(TestMedia.IMAGE_PNG);
        MultipartBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("model", "volc-asset")
                .addFormDataPart("GroupId", groupId)
                .addFormDataPart("Name", "upload")
                .addFormDataPart("file", "hero.png", RequestBody.create(png, MediaType.get("image/png")))
                .build();

        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAsset", body);
        String assetId = answer.json().get("Id").asText();
        for (int i = 0; i < 5; i++) {
            getAsset(assetId);
        }

        assertThat(answer.status()).isEqualTo(200);
        assertThat(getAsset(assetId).get("Status").asText()).isEqualTo("Processing");
        assertThat(server.asset(assetId).orElseThrow()).satisfies(a -> {
            assertThat(a.multipart()).isTrue();
            assertThat(a.sizeBytes()).isEqualTo(png.length);
            assertThat(a.assetType()).isEqualTo("Image");
            assertThat(a.name()).isEqualTo("upload");
        });
        assertThat(http.create(createWithAsset(assetId)).json().get("message").asText()).contains("is not found");
    }

    @Test
    void getAsset_unknownId_answers404() throws IOException {
        SeedanceHttp.Answer answer = http.post("/volc/asset/GetAsset", "{\"Id\":\"asset-nope\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/message").asText()).contains("[NotFound.asset_id]");
    }

    @Test
    void listAssets_withoutGroupType_answers400GroupTypeMissing() throws IOException {
        String groupId = createGroup();

        SeedanceHttp.Answer answer = http.post("/volc/asset/ListAssets",
                "{\"model\":\"volc-asset\",\"Filter\":{\"GroupIds\":[\"" + groupId + "\"]}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains("GroupType is missing");
    }

    @Test
    void listAssets_byGroupWithGroupType_listsFlatItemsAndCountsAsRead() throws IOException {
        String groupId = createGroup();
        String otherGroup = createGroup();
        String assetId = createImageAsset(groupId, "mine", pngDataUri()).json().get("Id").asText();
        createImageAsset(otherGroup, "other", pngDataUri());
        String list = "{\"model\":\"volc-asset\",\"Filter\":{\"GroupIds\":[\"" + groupId + "\"],\"GroupType\":\"AIGC\"},"
                + "\"PageNumber\":1,\"PageSize\":10}";

        JsonNode first = http.post("/volc/asset/ListAssets", list).json();
        JsonNode second = http.post("/volc/asset/ListAssets", list).json();

        assertThat(first.get("TotalCount").asInt()).isEqualTo(1);
        assertThat(first.get("PageNumber").asInt()).isEqualTo(1);
        assertThat(first.at("/Items/0/Id").asText()).isEqualTo(assetId);
        assertThat(first.at("/Items/0/Status").asText()).isEqualTo("Processing");
        assertThat(second.at("/Items/0/Status").asText()).isEqualTo("Active");
    }

    @Test
    void listAssetGroups_byId_listsAigcGroupWithPrefixedName() throws IOException {
        String groupId = createGroup();

        JsonNode body = http.post("/volc/asset/ListAssetGroups",
                "{\"model\":\"volc-asset\",\"Filter\":{\"GroupIds\":[\"" + groupId + "\"]},\"PageNumber\":1,\"PageSize\":10}")
                .json();

        assertThat(body.get("TotalCount").asInt()).isEqualTo(1);
        assertThat(body.at("/Items/0/Id").asText()).isEqualTo(groupId);
        assertThat(body.at("/Items/0/GroupType").asText()).isEqualTo("AIGC");
        assertThat(body.at("/Items/0/Name").asText()).endsWith("-bot").startsWith("[u-");
    }

    @Test
    void createAssetGroup_wrongModel_answers400() throws IOException {
        SeedanceHttp.Answer answer = http.post("/volc/asset/CreateAssetGroup", "{\"model\":\"seedance\",\"Name\":\"g\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("invalid_request");
    }
}
