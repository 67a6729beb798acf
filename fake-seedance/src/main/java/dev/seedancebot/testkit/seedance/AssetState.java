package dev.seedancebot.testkit.seedance;

/**
 * Snapshot of one fake asset.
 *
 * @param id {@code asset-…}
 * @param groupId the {@code group-…} it was created in
 * @param name the name given at creation (may be empty for video/audio)
 * @param assetType {@code Image}, {@code Video} or {@code Audio}
 * @param status {@code Processing} (or {@code Inactive}, see {@code assetPendingStatus}) or {@code Active}, as the next read would not yet change it
 * @param sizeBytes decoded size of a data-URI, base64 or multipart upload; -1 for an http(s) URL
 * @param multipart true if uploaded as multipart, which (as reported from the field) never becomes usable
 * @param reads GetAsset/ListAssets reads that returned this asset so far
 */
public record AssetState(
        String id, String groupId, String name, String assetType, String status, long sizeBytes, boolean multipart,
        int reads) {}
