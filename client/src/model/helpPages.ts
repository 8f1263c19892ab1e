/**
 * The Help page's guide to each page of the app, as data: one section per page, a few short
 * paragraphs in researchers' words. Pure. Names in them are the app's own labels, so a reader can
 * find the button or link they describe.
 */

/** One page of the app, explained. */
export interface PageGuide {
  /** The section's anchor: `/help#<id>` opens at it. */
  id: string;
  title: string;
  paragraphs: readonly string[];
}

/** The pages, in the order a project meets them. */
export const PAGE_GUIDES: readonly PageGuide[] = [
  {
    id: 'page-projects',
    title: 'Projects',
    paragraphs: [
      'The first page after signing in lists the projects you belong to, with your role in each. “Create project” starts an empty one, which you own.',
      '“Import a project (.qdpx, .qdc)…” makes a new project from a REFI-QDA file saved in NVivo, ATLAS.ti, MAXQDA or QualCoder: its transcripts, codebook and each coder’s codings.',
    ],
  },
  {
    id: 'page-project',
    title: 'Project page: documents, import and export',
    paragraphs: [
      'The documents table lists every transcript with each coder’s progress (share of the text coded and number of codings) and their done marks. Sort it by title, date added or a coder’s progress; filter it by words, or by an attribute (any value, or one value). Owners and reviewers rename and delete documents and, with “Show attributes”, edit attributes such as site or role.',
      '“Import transcripts…” takes .docx, .txt, .md, .vtt and .srt files (dropped or chosen) or pasted text; each file’s row says whether it was added, with what warnings, or why it was refused. Files chosen together are added in the order chosen.',
      '“Export ▾” downloads the codings as CSV or Excel, the agreement report, the illustrative quotes table of one coder or the consensus (Word, HTML, Markdown), and the whole project as REFI-QDA for desktop tools.',
      'The side panel shows the members and the round: open or blind. Owners reach “Manage members” from here.',
    ],
  },
  {
    id: 'page-cases',
    title: 'Cases and attribute types',
    paragraphs: [
      'With “Show attributes”, the menu under a column’s name makes it text, number, date or yes/no. Every document’s value is converted at once; when some value does not fit (a “B” in a number column), nothing changes and the column names the documents to fix first. Cells then take numbers, dates or yes/no, and a value that does not fit is refused beside the cell.',
      'Click a column’s name, or pick “age (attribute)” in “Sort by”, to sort by it: numbers numerically, dates by date; empty cells come last. Only the sorting column shows ▲ or ▼. The attribute filter lists values in the same order.',
      '“Cases”, under the table, groups documents by participant, site or any unit you analyse: give the case a name, pick its documents (Ctrl or ⌘ picks several) and “Create case”. A document may belong to several cases. “Case” above the table shows one case’s documents. Cases and typed attributes go to desktop tools in the REFI-QDA export, and come back from them.',
    ],
  },
  {
    id: 'page-coding',
    title: 'Coding view',
    paragraphs: [
      'Open a document from the table to code it. Select a passage, then pick a code from the list (type / to search) or press 1–9 for the first nine codes. Codings may overlap. Ctrl+Z undoes your own last coding step, never anyone else’s.',
      '“Here” lists the codings under the cursor, with their memo, “Fit to selection” and “Remove”. Layers (one per coder, and the consensus) can be shown or hidden. Tick “Done” when you have coded the whole transcript.',
      'Outside a blind round you see who else is in the document and their cursors. The line under the toolbar says whether the server has saved every change.',
      'An interview recording plays above its transcript. Each turn shows its time in the margin: click it to play from there. While it plays, the words being spoken are highlighted and the text follows them (not while you scroll or type). Alt+K plays and pauses, Alt+J goes back 5 seconds, Alt+, and Alt+. change the speed, Alt+G plays the cursor’s line.',
      'To transcribe a recording, choose “Edit text”, play it and type; type the speaker first (“Nurse: ”), then Alt+T writes the time reached, [00:01:02], which becomes that turn’s time. Passages of recordings show their time on the Analysis and Review pages, with “▶ Play”.',
      'A PDF document opens on its pages (“Page”); “Text” shows the text read from them. Select words on a page and code them as in the text: the coding is the same in both, and codings are drawn on the page. Clicking coded words lists their codings under “Here”. A PDF’s text cannot be edited: correct the PDF and import it again.',
    ],
  },
  {
    id: 'page-codebook',
    title: 'Codebook',
    paragraphs: [
      'Themes hold codes. “+ Theme” adds a theme; “+ Code” adds a code under the selected theme. Drag to move, or use Alt+arrows. The header counts themes and codes apart.',
      'For each code: name, colour, definition, when to include and exclude it, and example quotes, saved as you type and seen by everyone at once. A new code gets a colour that stands apart from the other codes of its theme. “Merge” folds one code into another, re-pointing every coding.',
      'Below the editor, the history lists the codebook’s versions (one is recorded when a round starts or closes, or by hand) and compares two of them.',
    ],
  },
  {
    id: 'page-agreement',
    title: 'Agreement',
    paragraphs: [
      'The live agreement report over the documents the coders marked done: per code, per document and per pair of coders, with Cohen’s or Fleiss’ κ, Krippendorff’s α, Gwet’s AC1 and % agreement. Choose the unit of analysis at the top; the page states it, so your report can too.',
      'In a blind round only owners and reviewers see these figures.',
    ],
  },
  {
    id: 'page-review',
    title: 'Review disagreements',
    paragraphs: [
      'For owners and reviewers: every passage where the coders who finished a document differ, their versions side by side with the consensus, and a discussion thread.',
      '“Accept A”, “Accept B” or “Accept both” copies a version into the consensus layer; “Write own…” opens the coding view on the consensus with the passage selected. Agreement with the consensus updates as you go.',
    ],
  },
  {
    id: 'page-analysis',
    title: 'Analysis: retrieve, co-occurrence, matrix',
    paragraphs: [
      '“Analysis” on the project page goes back through what was coded, live while people code. “Retrieve” lists every passage coded with the codes or theme you tick (“Include sub-codes” brings the codes under a theme), with the text around it, the code, the coder and its citation as the exports print it (document, ¶ number, speaker). Narrow it to some coders, one document or an attribute value; show it “By document” or “By coder, side by side” to compare how coders read the same code.',
      '“Open in document” opens the coding view with the passage selected; Back returns to the same passages, because your choices are kept in the page’s address (copy it to share them). “CSV”, “Markdown” and “Word” download the passages retrieved, with the same choices.',
      '“Co-occurrence” counts, for one layer, how often two codes are applied to overlapping passages (blue), and on the diagonal each code’s codings (grey, on a scale of its own, as the legend says); choose a cell to read those passages. The layer menus list the layers with codings, and yours, and start at yours when it has codings. “Matrix” counts each code’s codings per document or per value of an attribute (“5 in 2”: five codings in two documents); choose a cell for its passages, or “Download CSV” for R or Python.',
      'In a blind round coders see only their own coding here.',
    ],
  },
  {
    id: 'page-search',
    title: 'Search',
    paragraphs: [
      '“Search” on the project page looks through every transcript. “Words” finds each occurrence of any of your words, in the documents that contain all of them; whole words only (“beds” does not find “bedside”), accents count (“cafe” does not find “café”). “Exact phrase” finds the words in that order, whatever spaces or line breaks lie between them. “Pattern” takes a regular expression (JavaScript syntax). “Match case” makes capitals count; “In” limits the search to one document.',
      'Results are keyword-in-context lines grouped by document: the text before, the match, the text after. Click a match to open the coding view with the passage selected; Back returns to the same search and its results. Hits come 500 at a time: “Show more” adds the next 500.',
      'Tick hits (or “Select all”), choose a code and press “Code selected hits” to code them all in your own layer, in a blind round too. “Undo” — or Ctrl+Z on the search page — takes that whole step back at once. Viewers can search but not code.',
    ],
  },
  {
    id: 'page-rounds',
    title: 'Rounds',
    paragraphs: [
      'A round is a stage of reliability coding. Owners and reviewers start one with a name, its coders and its documents, picked or drawn as a sample with a seed (write the seed in your methods: the same seed draws the same sample). A blind round hides the coders’ work from each other until it closes.',
      'Each round shows its agreement, live while open and frozen when closed. A recode round asks coders to code documents again, for intra-coder agreement.',
      'Owners set a target (a measure and a threshold, such as Cohen’s κ ≥ 0.70); the trajectory shows each round against it, marks the codes below it, and lists the codebook changes between rounds. The methods paragraph describing the rounds downloads as Markdown or Word.',
    ],
  },
  {
    id: 'page-memos',
    title: 'Memos',
    paragraphs: [
      '“Memos” on the project page lists the analytic memos you may read: on the whole project, on a document or on a code (apart from the code’s definition in the codebook). Search their titles and text, or show one kind only; each shows its author and what it is linked to.',
      'Open a memo to write it. Everyone in the same memo writes at once and sees the others’ words and cursors as they type; their initials show at the top as soon as they open it. Give it a title, and tick the documents and codes it is about under “Linked documents” and “Linked codes”.',
      '“Memo” in the coding view opens your memo on that document, and “Memo on this code” in the codebook your memo on that code; either is started if you have none yet. While a round is blind, coders see their own memos and those of owners and reviewers, which they can read but not change.',
    ],
  },
  {
    id: 'page-members',
    title: 'Members and invitations',
    paragraphs: [
      'Owners manage members: change a role, remove someone, or add a colleague they already work with by email. Anyone else is invited by link: choose the role and how many days the link works, then send it. Pending links can be revoked.',
      'Opening a link asks the colleague to sign in, then names the project and the role; “Join project” adds them. Administrators can also create an account, and choose whether it joins the project. The audit log lists who did what, in sentences.',
    ],
  },
  {
    id: 'page-account',
    title: 'Your account and tokens',
    paragraphs: [
      'Your name in the top bar opens your account: change your password, or sign out everywhere (every device, and your tokens stop working).',
      'An API token lets a script or the concord command line act as you. Give each place its own token; its secret is shown once, and “Revoke” stops it at once.',
    ],
  },
];
