/**
 * The English catalogue: the source of the message keys (MessageKey). ICU MessageFormat strings
 * (format.ts): {name}, {n, plural, one {…} other {…}} with #, {x, select, …}. Type names from the
 * schema, file names, annotator names and keys are passed in as values, never translated.
 */
export const en = {
  // the language picker
  'lang.label': 'Interface language',
  'lang.en': 'English',
  'lang.he': 'עברית',
  'lang.ar': 'العربية',

  // header
  'header.history': 'History',
  'header.undo': 'Undo',
  'header.undoTitle': 'Undo (Ctrl+Z)',
  'header.redo': 'Redo',
  'header.redoTitle': 'Redo (Ctrl+Shift+Z or Ctrl+Y)',
  'header.wholeWords': 'Whole words',
  'header.wholeWordsTitle': 'Snap selections to whole words. Hold Alt (or switch this off) to tag the exact characters.',
  'header.prefixesOut': 'Prefixes out',
  'header.prefixesOutTitle': 'A selection that starts right after a prefix (ב, ל, ו…; و, ب, ال…) leaves it out: קזחסטן in בקזחסטן. {source, select, chosen {Set for this project.} practice {Set from your own tagging: {stripped} of your mentions leave a prefix out, {kept} include one.} other {No mentions of yours say otherwise yet.}}',
  'header.changeAnnotator': 'Change annotator',
  'header.noAnnotator': 'No annotator',
  'header.project': 'Project',
  'header.schema': 'Schema…',
  'header.schemaTitle': 'Edit the entity, event and relation types and attributes',
  'header.importAnnotations': 'Import annotations…',
  'header.importAnnotationsTitle': 'Import annotated documents (brat, CoNLL, doccano, Label Studio, JSONL)',
  'header.export': 'Export…',
  'header.exportTitle': 'Export the annotations for training (Ctrl+E)',
  'header.review': 'Review',
  'header.annotate': 'Annotate',
  'header.backToReview': 'Back to review',
  'header.reviewTitle': 'Compare annotators, adjudicate into gold, measure agreement',
  'header.annotateTitle': 'Back to annotating',
  'legend.label': 'Entity types',
  'legend.title': '{description}select text, then press {key} (Alt: exact characters)',
  'legend.titleNoKey': '{description}select text, then press this button (Alt: exact characters)',

  // languages of documents
  'docLang.he': 'Hebrew',
  'docLang.ar': 'Arabic',
  'docLang.other': 'Mixed / other',

  // status line
  'status.idle': '{name} · {lang} · {dir} · {chars, plural, one {# character} other {# characters}} · {paragraphs, plural, one {# paragraph} other {# paragraphs}}',
  'status.opening': 'Opening the project…',
  'status.ready': 'Ready',
  'status.dismiss': 'Dismiss',

  // empty centre
  'empty.title': 'No document open',
  'empty.pick': 'Pick a document from the list.',
  'empty.import': 'Import UTF-8 text files to start (File → Import Text Files…).',
  'empty.none': 'This project has no documents yet.',

  // document list
  'docs.title': 'Documents',
  'docs.import': 'Import…',
  'docs.importTitle': 'Import UTF-8 .txt files or folders',
  'docs.none': 'No documents in this project yet.',
  'docs.progressOf': 'Progress of {name}',
  'docs.mentions': '{n, plural, one {# mention} other {# mentions}}',
  'docs.percentWords': '{pct}% of words',
  'docs.done': 'done',
  'docs.opening': 'opening…',

  // document header
  'doc.meta': '{lang} · {n, plural, one {# mention} other {# mentions}}',
  'doc.showing': 'Showing',
  'doc.showingTitle': 'Which annotation set to show; other sets are read-only',
  'doc.mine': 'My annotations',
  'doc.mineOf': 'My annotations ({name})',
  'doc.readOnlySet': '{name} (read-only)',
  'doc.sampleHint': 'See the sample annotations: Showing → {name}',
  'doc.allArcs': 'All arcs',
  'doc.allArcsTitle': "Many events here: by default only the hovered or selected frame's arcs are drawn",
  'doc.status': 'Status',
  'doc.statusLabel': 'Document status',
  'doc.status.not-started': 'Not started',
  'doc.status.in-progress': 'In progress',
  'doc.status.done': 'Done',
  'doc.note': 'Document note',
  'doc.flags': 'Document flags',
  'doc.flagsPlaceholder': 'Flags (comma-separated)',
  'doc.flagsTitle': 'Flags for this document, e.g. review, unclear, offensive',
  'doc.problemsRemain': 'Problems remain',
  'doc.confirmDone': '{n, plural, one {This document still has # problem against the schema.} other {This document still has # problems against the schema.}} Mark it done anyway?',
  'doc.keepWorking': 'Keep working',
  'doc.markDone': 'Mark done anyway',

  // problems
  'problems.title': 'Problems',
  'problems.none': 'No problems against the schema.',

  // mentions
  'mentions.title': 'Mentions',
  'mentions.listLabel': 'Mentions in this document',
  'mentions.none': 'No mentions yet. Select text and press a type’s key.',
  'mentions.offsetsTitle': 'code-point offsets: start–end',

  // events and relations
  'events.title': 'Events',
  'events.none': 'Select a trigger word and press an event key (or v to pick a type).',
  'events.noArguments': 'no arguments',
  'events.missing': 'missing {roles}',
  'events.empty': '{n, plural, one {# role empty} other {# roles empty}}',
  'events.selected': 'Selected event',
  'events.delete': 'Delete',
  'events.deleteTitle': 'Delete the event (Delete)',
  'events.roleKeys': '[ ] role · Tab mention · Enter assign · select text + entity key: new mention in the role · v type',
  'events.removeArgument': 'Remove {role} argument',
  'events.candidate': '{type} “{text}” — Enter assigns',
  'events.tabToMention': 'Tab to a mention, or click one',
  'relations.new': 'New relation',
  'relations.from': 'Relation from “{from}” to {to}',
  'relations.toCandidate': '“{text}” — Enter picks the type',
  'relations.toNone': '… (Tab to a mention)',
  'relations.title': 'Relations',
  'relations.none': 'Click a mention, Shift+click another (or r, Tab, Enter), pick a type.',
  'relations.delete': 'Delete relation',
  'mention.selected': 'Selected mention',
  'attr.note': 'Note',
  'attr.notePlaceholder': 'Note (Enter saves)',

  // keys help
  'keys.label': 'Keyboard help',
  'keys.title': 'Keys',
  'keys.tag': 'tag the selection (mouse or Shift+arrows); it snaps to whole words',
  'keys.exactBefore': 'tag the',
  'keys.exactStrong': 'exact characters',
  'keys.exactExample': 'e.g. {part} in {word}.',
  'keys.exactAlt': 'Holding Alt while dragging does the same (where the desktop moves windows on Alt+drag, use Alt+key)',
  'keys.click': 'click',
  'keys.clickWhat': 'select a mention (the innermost), or click its label',
  'keys.onMention': 'on a mention',
  'keys.changeType': 'change its type',
  'keys.delete': 'delete the selected mention',
  'keys.deselect': 'deselect',
  'keys.undo': 'undo (kept in the project, also after a restart)',
  'keys.redo': 'redo',
  'keys.arrows': 'move visually: in Hebrew and Arabic → goes to the previous letter',

  'overlay.chipTitle': '{type}: click to select',
  'export.granularity.token': 'Whole tokens, the default: a mention without its prefix (קזחסטן in בקזחסטן, الجنود in والجنود) is written as the whole word, prefix included; choose Morphemes to keep it out.',
  'export.granularity.morph': 'Morphemes: a word is split where a mention starts or ends inside it, so a prefix left out of a mention stays out (ב + קזחסטן).',

  // annotator dialog
  'annotator.welcome': 'Welcome to Qalam',
  'annotator.change': 'Change annotator',
  'annotator.who': 'Who is annotating? Every mention you tag records your name, and undo history is kept per annotator.',
  'annotator.switchTo': 'Mentions, progress and undo history are per annotator. Switch to:',
  'annotator.name': 'Your name',
  'annotator.known': 'Known annotators:',
  'annotator.enterName': 'Please enter a name.',
  'annotator.cancel': 'Cancel',
  'annotator.start': 'Start annotating',
  'annotator.switch': 'Switch',
} as const;

export type MessageKey = keyof typeof en;
