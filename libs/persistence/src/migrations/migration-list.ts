import { Migration20261124000000_read_models } from './Migration20261124000000_read_models';
import { Migration20261207000000_projector_rows } from './Migration20261207000000_projector_rows';
import { Migration20261215000000_notification_deliveries } from './Migration20261215000000_notification_deliveries';

/** Every migration, oldest first. Append new ones here: the Migrator runs this list, not a folder scan. */
export const migrationList = [
  { name: 'Migration20261124000000_read_models', class: Migration20261124000000_read_models },
  { name: 'Migration20261207000000_projector_rows', class: Migration20261207000000_projector_rows },
  {
    name: 'Migration20261215000000_notification_deliveries',
    class: Migration20261215000000_notification_deliveries,
  },
];
