export * from './checklist';
export { checklistWindow, type ChecklistWindow } from './checklist-window';
export { SchoolFactsGatherer } from './school-facts-gatherer';
export { InspectionService } from './inspection.service';
export { InspectionsController } from './inspections.controller';
