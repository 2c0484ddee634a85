package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// The <policy-widget> element that embed.js defines is described once,
// here: its attributes, events, method, slot and CSS properties. From this
// description come embed.d.ts (TypeScript), custom-elements.json (the
// Custom Elements Manifest that editors read), the tables of attributes and
// custom properties in embed.js and frame.js (see scripts.go), and the
// tables of embedding.md, whose recipes are the files of examples/; `go
// generate ./web` writes them, and TestGeneratedFiles fails while a
// committed file differs from what they give.
//
//go:generate go test -run ^TestGeneratedFiles$ -update .

// element is the description of <policy-widget>.
var element = elementSpec{
	Tag:   "policy-widget",
	Class: "PolicyWidgetElement",
	Summary: "A Seqera policy in a frame sized to its content, " +
		"following the host page's theme.",
	Description: "Defined by the policy host's /embed.js. The element's children are its fallback " +
		"(a link to the policy, say): they show until the frame shows the policy, and stay " +
		"when JavaScript or the frame is blocked. The element renders into its own shadow root " +
		"and never changes its children or its attributes.",
	Attributes: []elementAttribute{
		{
			Name: "policy", Data: "data-policy", Type: "string",
			Description: `The policy's slug, such as "privacy". Changing it loads that policy.`,
		},
		{
			Name: "toc", Data: "data-toc", Type: "boolean",
			Description: `Show the table of contents ("On this page") above the policy; "false" hides it.`,
		},
		{
			Name: "theme", Data: "data-theme", Type: `"host" | "auto" | "light" | "dark"`, Default: `"host"`,
			Description: "host follows the host page's theme, read from <html> and <body> (data-theme, " +
				"data-bs-theme, data-mode, a dark class, color-scheme), else the reader's system; " +
				"auto follows the reader's system; light and dark force one.",
		},
		{
			Name: "offset", Data: "data-offset", Type: "number",
			Description: "The height in px of the host's sticky header: sections land just below it.",
		},
		{
			Name: "section", Data: "data-section", Type: "string",
			Description: `A section id, such as "cookies", to scroll to once the policy shows, and whenever it changes.`,
		},
		{
			Name: "since", Data: "data-since", Type: "string",
			Description: `The version the user last saw or accepted, a date such as "2021-02-27" ` +
				"(of an ISO timestamp, its date): the sections changed since are marked. Without it, " +
				"the frame's own storage remembers the reader's last visit. Changing it reloads the frame.",
		},
		{
			Name: "label", Data: "data-title", Type: "string",
			Description: `The frame's accessible name; by default the policy's title (until it loads, "<policy> policy").`,
		},
	},
	Events: []elementEvent{
		{
			Name: "policy:loaded", Detail: "PolicyLoadedDetail",
			Description: "The frame shows the policy, in place of the fallback children: once for each load of the frame.",
			Fields: []elementField{
				{Name: "policy", Type: "string", Description: "The policy's slug."},
				{Name: "title", Type: "string", Description: "The policy's title."},
			},
		},
		{
			Name: "policy:viewed", Detail: "PolicyViewedDetail",
			Description: "The reader was shown a version of the policy: once for each load of the frame. " +
				"An app records the version, to pass as since next time.",
			Fields: []elementField{
				{Name: "policy", Type: "string", Description: "The policy's slug."},
				{Name: "version", Type: "string", Description: "The version on screen, such as \"2026-01-15\"."},
				{Name: "since", Type: "string | null", Description: "The version compared with, or null."},
				{Name: "changed", Type: "number", Description: "How many sections changed since then (0 when none were marked)."},
			},
		},
		{
			Name: "policy:section", Detail: "PolicySectionDetail",
			Description: "The reader followed a link to a section of the policy, and the host page scrolled to it.",
			Fields: []elementField{
				{Name: "policy", Type: "string", Description: "The policy's slug."},
				{Name: "id", Type: "string", Description: "The section's id (\"\" for the top of the policy)."},
			},
		},
	},
	Methods: []elementMethod{
		{
			Name:        "goto",
			Description: "Scrolls the host page to the section id of the policy, just below offset (smoothly unless the reader prefers reduced motion). Before the policy shows, it goes there once it does.",
			Params:      []elementField{{Name: "id", Type: "string", Description: `A section's id, such as "cookies"; "" is the top of the policy.`}},
		},
	},
	Slot: "Fallback content, shown until the frame shows the policy (a link to the policy's page, say).",
	CSSProperties: []elementCSSProperty{
		{Name: "--policy-accent", Syntax: "<color>", Description: "The colour of links and focus rings.", Sets: []string{"--accent", "--accent-hover", "--focus"}},
		{Name: "--policy-background", Syntax: "<color>", Description: "The background of the policy (transparent shows the host's).", Sets: []string{"--bg"}},
		{Name: "--policy-text", Syntax: "<color>", Description: "The colour of the text.", Sets: []string{"--fg"}},
		{Name: "--policy-font", Syntax: "*", Description: "The font-family of the text.", Sets: []string{"font-family"}},
	},
}

// elementSpec describes a custom element.
type elementSpec struct {
	Tag, Class           string
	Summary, Description string
	Attributes           []elementAttribute
	Events               []elementEvent
	Methods              []elementMethod
	Slot                 string // the default slot's description
	CSSProperties        []elementCSSProperty
}

// elementAttribute is an attribute of the element. Data is the name of the
// same option on a data-policy container or script tag.
type elementAttribute struct {
	Name, Data, Type, Default, Description string
}

// elementEvent is an event that the element dispatches, a CustomEvent
// whose detail is the TypeScript interface Detail with Fields.
type elementEvent struct {
	Name, Detail, Description string
	Fields                    []elementField
}

type elementField struct {
	Name, Type, Description string
}

type elementMethod struct {
	Name, Description string
	Params            []elementField
}

// elementCSSProperty is a custom property of the element, which passes to
// the frame: there, frame.js sets the page's properties Sets to its value
// (see app.css and embed.css).
type elementCSSProperty struct {
	Name, Syntax, Description string
	Sets                      []string
}

// Names of the files that the description gives.
const (
	elementTypesFile    = "embed.d.ts"
	elementManifestFile = "custom-elements.json"
	elementScriptFile   = "embed.js"
	embeddingFile       = "embedding.md"
)

// generatedFiles returns the files that `go generate ./web` writes, by
// name: embed.d.ts and custom-elements.json whole, the scripts with their
// constants (scriptConsts), and embedding.md with its generated tables and
// the recipes' code. It reads the files of the folder fsys.
func generatedFiles(fsys fs.FS) (map[string][]byte, error) {
	manifest, err := elementManifest(element)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{
		elementTypesFile:    elementTypes(element),
		elementManifestFile: manifest,
	}
	for name, consts := range scriptConsts() {
		script, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if files[name], err = writeConsts(name, script, consts); err != nil {
			return nil, err
		}
	}
	page, err := fs.ReadFile(fsys, embeddingFile)
	if err != nil {
		return nil, err
	}
	if files[embeddingFile], err = embeddingPage(page, fsys); err != nil {
		return nil, err
	}
	return files, nil
}

// The generated parts of embedding.md: a table between a start mark that
// names it and the end mark, and the code of a fence whose info string
// names a file of examples/ after the language (```tsx examples/react/Privacy.tsx).
var (
	tableRE = regexp.MustCompile("(?s)(<!-- generated from web/element.go: ([a-z]+) -->\n).*?(<!-- end of generated -->\n)")
	fenceRE = regexp.MustCompile("(?ms)^(```[a-z]+ (examples/[^ \t\n`]+)\n).*?^(```\n)")
)

// embeddingPage returns page with its tables and the code of its recipes,
// which are read from fsys.
func embeddingPage(page []byte, fsys fs.FS) ([]byte, error) {
	tables := map[string]func(elementSpec) string{"attributes": mdAttributes, "events": mdEvents, "css": mdCSSProperties}
	var err error
	page = tableRE.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := tableRE.FindSubmatch(m)
		table, ok := tables[string(sub[2])]
		if !ok {
			err = fmt.Errorf("%s: no table %q to generate", embeddingFile, sub[2])
			return m
		}
		return slices.Concat(sub[1], []byte(table(element)), sub[3])
	})
	if err != nil {
		return nil, err
	}
	page = fenceRE.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := fenceRE.FindSubmatch(m)
		code, rerr := fs.ReadFile(fsys, string(sub[2]))
		if rerr != nil {
			err = fmt.Errorf("%s: %w", embeddingFile, rerr)
			return m
		}
		if !bytes.HasSuffix(code, []byte("\n")) {
			code = append(code, '\n')
		}
		return slices.Concat(sub[1], code, sub[3])
	})
	return page, err
}

// mdText makes text safe in a cell of a Markdown table.
func mdText(s string) string {
	return strings.NewReplacer("<", "&lt;", "|", "\\|").Replace(s)
}

func mdAttributes(e elementSpec) string {
	var b strings.Builder
	b.WriteString("| attribute | on a container | meaning |\n| --- | --- | --- |\n")
	for _, a := range e.Attributes {
		text := mdText(a.Description)
		if a.Default != "" {
			text += " Default: `" + strings.Trim(a.Default, `"`) + "`."
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", a.Name, a.Data, text)
	}
	return b.String()
}

func mdEvents(e elementSpec) string {
	var b strings.Builder
	b.WriteString("| event | `detail` | when |\n| --- | --- | --- |\n")
	for _, ev := range e.Events {
		var fields []string
		for _, f := range ev.Fields {
			fields = append(fields, f.Name+": "+f.Type)
		}
		fmt.Fprintf(&b, "| `%s` | `{%s}` | %s |\n", ev.Name, mdText(strings.Join(fields, ", ")), mdText(ev.Description))
	}
	return b.String()
}

func mdCSSProperties(e elementSpec) string {
	var b strings.Builder
	b.WriteString("| custom property | sets |\n| --- | --- |\n")
	for _, p := range e.CSSProperties {
		fmt.Fprintf(&b, "| `%s` | %s |\n", p.Name, mdText(p.Description))
	}
	return b.String()
}

// jsAttributes returns the table of embed.js: each attribute's name and
// the name of the option on a container or script tag.
func jsAttributes(e elementSpec) jsObject {
	var o jsObject
	for _, a := range e.Attributes {
		o = append(o, jsField{a.Name, a.Data})
	}
	return o
}

// cssPrefix starts the name of every custom property of the element.
const cssPrefix = "--policy-"

// jsVars returns the custom properties that embed.js passes to the frame,
// without cssPrefix.
func jsVars(e elementSpec) []string {
	var names []string
	for _, p := range e.CSSProperties {
		names = append(names, strings.TrimPrefix(p.Name, cssPrefix))
	}
	return names
}

// The Custom Elements Manifest (schema 2.1.0): what editors and tools read.
type (
	cemPackage struct {
		SchemaVersion string      `json:"schemaVersion"`
		Readme        string      `json:"readme"`
		Modules       []cemModule `json:"modules"`
	}
	cemModule struct {
		Kind         string           `json:"kind"`
		Path         string           `json:"path"`
		Description  string           `json:"description,omitempty"`
		Declarations []cemDeclaration `json:"declarations"`
		Exports      []cemExport      `json:"exports"`
	}
	cemDeclaration struct {
		Kind          string           `json:"kind"`
		Name          string           `json:"name"`
		CustomElement bool             `json:"customElement"`
		TagName       string           `json:"tagName"`
		Summary       string           `json:"summary,omitempty"`
		Description   string           `json:"description,omitempty"`
		Superclass    cemReference     `json:"superclass"`
		Attributes    []cemAttribute   `json:"attributes"`
		Members       []cemMember      `json:"members"`
		Events        []cemEvent       `json:"events"`
		Slots         []cemSlot        `json:"slots"`
		CSSProperties []cemCSSProperty `json:"cssProperties"`
	}
	cemReference struct {
		Name    string `json:"name"`
		Package string `json:"package,omitempty"`
		Module  string `json:"module,omitempty"`
	}
	cemType struct {
		Text string `json:"text"`
	}
	cemAttribute struct {
		Name        string   `json:"name"`
		Type        *cemType `json:"type,omitempty"`
		Default     string   `json:"default,omitempty"`
		Description string   `json:"description,omitempty"`
	}
	cemMember struct {
		Kind        string         `json:"kind"`
		Name        string         `json:"name"`
		Description string         `json:"description,omitempty"`
		Parameters  []cemParameter `json:"parameters,omitempty"`
		Return      *cemReturn     `json:"return,omitempty"`
	}
	cemParameter struct {
		Name        string   `json:"name"`
		Type        *cemType `json:"type,omitempty"`
		Description string   `json:"description,omitempty"`
	}
	cemReturn struct {
		Type cemType `json:"type"`
	}
	cemEvent struct {
		Name        string   `json:"name"`
		Type        *cemType `json:"type,omitempty"`
		Description string   `json:"description,omitempty"`
	}
	cemSlot struct {
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
	}
	cemCSSProperty struct {
		Name        string `json:"name"`
		Syntax      string `json:"syntax,omitempty"`
		Description string `json:"description,omitempty"`
	}
	cemExport struct {
		Kind        string       `json:"kind"`
		Name        string       `json:"name"`
		Declaration cemReference `json:"declaration"`
	}
)

// elementManifest returns custom-elements.json.
func elementManifest(e elementSpec) ([]byte, error) {
	d := cemDeclaration{
		Kind: "class", Name: e.Class, CustomElement: true, TagName: e.Tag,
		Summary: e.Summary, Description: e.Description,
		Superclass: cemReference{Name: "HTMLElement", Package: "global:"},
		Slots:      []cemSlot{{Name: "", Description: e.Slot}},
	}
	for _, a := range e.Attributes {
		d.Attributes = append(d.Attributes, cemAttribute{Name: a.Name, Type: &cemType{a.Type}, Default: a.Default, Description: a.Description})
	}
	for _, m := range e.Methods {
		cm := cemMember{Kind: "method", Name: m.Name, Description: m.Description, Return: &cemReturn{cemType{"void"}}}
		for _, p := range m.Params {
			cm.Parameters = append(cm.Parameters, cemParameter{Name: p.Name, Type: &cemType{p.Type}, Description: p.Description})
		}
		d.Members = append(d.Members, cm)
	}
	for _, ev := range e.Events {
		d.Events = append(d.Events, cemEvent{Name: ev.Name, Type: &cemType{"CustomEvent<" + ev.Detail + ">"}, Description: ev.Description})
	}
	for _, p := range e.CSSProperties {
		d.CSSProperties = append(d.CSSProperties, cemCSSProperty{Name: p.Name, Syntax: p.Syntax, Description: p.Description})
	}
	m := cemPackage{
		SchemaVersion: "2.1.0",
		Modules: []cemModule{{
			Kind: "javascript-module", Path: elementScriptFile,
			Description:  "A classic script: load it with <script src=\"https://POLICY-HOST/embed.js\" defer>. It defines <" + e.Tag + "> and window.PolicyWidget, and exports nothing.",
			Declarations: []cemDeclaration{d},
			Exports: []cemExport{{
				Kind: "custom-element-definition", Name: e.Tag,
				Declaration: cemReference{Name: e.Class, Module: elementScriptFile},
			}},
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// elementTypes returns embed.d.ts. It is a module, so that it can augment
// React's JSX namespace; its global declarations (the tag, the events on
// every element and window.PolicyWidget) apply wherever it is part of the
// program.
func elementTypes(e elementSpec) []byte {
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	doc := func(indent, text string) {
		p("%s/** %s */\n", indent, text)
	}
	p("// TypeScript declarations of <%s>, the element that https://POLICY-HOST/embed.js\n", e.Tag)
	p("// defines, generated from web/element.go (go generate ./web): do not edit.\n")
	p("// Copy this file into your sources (say src/types/%s.d.ts), next to a\n", e.Tag)
	p("// <script src=\"https://POLICY-HOST/embed.js\" defer> in your page.\n\n")

	attrs := "PolicyWidgetAttributes"
	eventMap := "PolicyWidgetEventMap"
	p("/** The values of the theme attribute. */\n")
	for _, a := range e.Attributes {
		if a.Name == "theme" {
			p("export type PolicyWidgetTheme = %s;\n\n", a.Type)
		}
	}
	for _, ev := range e.Events {
		doc("", "The detail of the "+ev.Name+" event.")
		p("export interface %s {\n", ev.Detail)
		for _, f := range ev.Fields {
			doc("  ", f.Description)
			p("  %s: %s;\n", f.Name, f.Type)
		}
		p("}\n\n")
	}
	p("/** The events of <%s>: they bubble and are composed, so a listener on an ancestor, the document or the window gets them too. */\n", e.Tag)
	p("export interface %s {\n", eventMap)
	for _, ev := range e.Events {
		doc("  ", ev.Description)
		p("  %q: CustomEvent<%s>;\n", ev.Name, ev.Detail)
	}
	p("}\n\n")

	p("/** The attributes of <%s>, as a framework's template or JSX sets them. */\n", e.Tag)
	p("export interface %s {\n", attrs)
	for _, a := range e.Attributes {
		text := a.Description
		if a.Default != "" {
			text += " Default: " + a.Default + "."
		}
		doc("  ", text)
		p("  %s?: %s;\n", a.Name, attributeType(a.Type))
	}
	p("}\n\n")

	p("/** %s %s */\n", e.Summary, e.Description)
	p("export interface %s extends HTMLElement {\n", e.Class)
	for _, m := range e.Methods {
		doc("  ", m.Description)
		var params []string
		for _, f := range m.Params {
			params = append(params, f.Name+": "+f.Type)
		}
		p("  %s(%s): void;\n", m.Name, strings.Join(params, ", "))
	}
	p("  addEventListener<K extends keyof %s>(type: K, listener: (this: %s, ev: %s[K]) => any, options?: boolean | AddEventListenerOptions): void;\n", eventMap, e.Class, eventMap)
	p("  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: %s, ev: HTMLElementEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;\n", e.Class)
	p("  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;\n")
	p("  removeEventListener<K extends keyof %s>(type: K, listener: (this: %s, ev: %s[K]) => any, options?: boolean | EventListenerOptions): void;\n", eventMap, e.Class, eventMap)
	p("  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: %s, ev: HTMLElementEventMap[K]) => any, options?: boolean | EventListenerOptions): void;\n", e.Class)
	p("  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;\n")
	p("}\n\n")

	p("/** window.PolicyWidget: the functions of the data-policy containers and script tags. */\n")
	p("export interface PolicyWidgetAPI {\n")
	p("  /** Mounts every [data-policy] element under root (the document by default); new ones are found on their own. */\n")
	p("  scan(root?: ParentNode): void;\n")
	p("  /** Mounts one [data-policy] container or script tag. */\n")
	p("  mount(el: Element): void;\n")
	p("  /** Scrolls to the section id of the policy that el (a <%s>, a container or a script tag) shows. */\n", e.Tag)
	p("  goto(el: Element, id: string): void;\n")
	p("}\n\n")

	p("declare global {\n")
	p("  interface HTMLElementTagNameMap {\n")
	p("    %q: %s;\n", e.Tag, e.Class)
	p("  }\n")
	p("  interface CustomElementRegistry {\n")
	p("    /** The element's class, once embed.js has defined it. */\n")
	p("    get(name: %q): (new () => %s) | undefined;\n", e.Tag, e.Class)
	p("  }\n")
	p("  interface GlobalEventHandlersEventMap extends %s {}\n", eventMap)
	p("  interface Window {\n")
	p("    PolicyWidget: PolicyWidgetAPI;\n")
	p("  }\n")
	p("}\n\n")

	p("// React 19 reads the intrinsic elements of JSX from React.JSX.\n")
	p("declare module \"react\" {\n")
	p("  namespace JSX {\n")
	p("    interface IntrinsicElements {\n")
	p("      %q: DetailedHTMLProps<HTMLAttributes<%s>, %s> & %s;\n", e.Tag, e.Class, e.Class, attrs)
	p("    }\n")
	p("  }\n")
	p("}\n")
	return b.Bytes()
}

// attributeType returns the TypeScript type of an attribute's value, as a
// template or JSX may give it: a boolean attribute is present or not, or
// "true" and "false"; a number may come as a string.
func attributeType(t string) string {
	switch t {
	case "boolean":
		return `boolean | "" | "true" | "false"`
	case "number":
		return "number | `${number}`"
	}
	return t
}
