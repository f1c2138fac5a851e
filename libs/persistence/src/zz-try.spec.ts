import { MikroORM, defineEntity } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
test('loads', () => { expect(typeof MikroORM).toBe('function'); expect(typeof defineEntity).toBe('function'); expect(typeof Migrator).toBe('function'); });
