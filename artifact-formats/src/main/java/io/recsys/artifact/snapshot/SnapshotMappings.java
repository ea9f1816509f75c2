package io.recsys.artifact.snapshot;

import java.util.List;

/**
 * The ids of a snapshot: every user and item (index = position), the users that are matrix rows
 * (in row order) and those with too little history to train on.
 */
public record SnapshotMappings(
        List<String> userIds, List<String> itemIds, List<String> trainableUsers, List<String> coldStartUsers) {
    public SnapshotMappings {
        userIds = List.copyOf(userIds);
        itemIds = List.copyOf(itemIds);
        trainableUsers = List.copyOf(trainableUsers);
        coldStartUsers = List.copyOf(coldStartUsers);
    }
}
