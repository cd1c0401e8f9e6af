import SQL

/// Migration 26: SCIM Groups. A group is a team: its members are the people whose `team` is its
/// name, so the row keeps only the group's id, name and the provider's id for it.
enum ProvisionedGroupsSchema {
  static let migration = Migration(
    26, "provisioned groups",
    sql: """
      CREATE TABLE scim_groups (
        id {{id}},
        display_name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        external_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      """)
}
