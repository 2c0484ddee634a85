//go:build !wasm

package server

import (
	"encoding/json"
	"strings"

	"github.com/seqeralabs/policy-widget/app/site"
)

// manifestIcon is an entry of the icons of a web app manifest.
type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

// webManifest is the web app manifest of the widget: what Chromium needs
// to install it, and an id so that a later change of start_url keeps the
// installed app.
type webManifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	Dir             string         `json:"dir"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	BackgroundColor string         `json:"background_color"`
	ThemeColor      string         `json:"theme_color"`
	Icons           []manifestIcon `json:"icons"`
}

// manifest returns the web app manifest, built from the fields of the
// go-app handler so that names and colours are set in one place. go-app's
// own manifest has no id and no maskable icon.
func (s *shared) manifest() []byte {
	h := s.appHandler(nil)
	prefix := s.cfg.Prefix
	// The icon paths of the handler are relative to the site's root.
	icon := func(path string) string { return prefix + "/" + strings.TrimPrefix(path, "/") }
	m := webManifest{
		ID:              prefix + "/",
		Name:            h.Name,
		ShortName:       h.ShortName,
		Description:     h.Description,
		Lang:            h.Lang,
		Dir:             "ltr",
		StartURL:        prefix + "/",
		Scope:           prefix + "/",
		Display:         "standalone",
		BackgroundColor: h.BackgroundColor,
		ThemeColor:      h.ThemeColor,
		Icons: []manifestIcon{
			{Src: icon(h.Icon.Default), Sizes: "192x192", Type: "image/png", Purpose: "any"},
			{Src: icon(h.Icon.Large), Sizes: "512x512", Type: "image/png", Purpose: "any"},
			{Src: icon(site.Web.Path(maskableIcon)), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
			{Src: icon(h.Icon.SVG), Sizes: "any", Type: "image/svg+xml", Purpose: "any"},
		},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // strings only: cannot happen
	}
	return append(b, '\n')
}

// maskableIcon is the icon whose artwork sits in the safe zone of a mask,
// for launchers that crop icons to a shape.
const maskableIcon = "icon-maskable-512.png"
