/** Review (pure): disagreements between annotation sets, agreed annotations, navigation. */
export * from './disagreements';
