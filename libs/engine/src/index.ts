export * from './events';
export * from './commands';
export * from './decision';
export * from './ports';
