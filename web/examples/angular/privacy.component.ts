// privacy.component.ts, with policy-widget.d.ts (https://legal.example.com/embed.d.ts) beside it.
import { AfterViewInit, Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, OnDestroy, input, output, viewChild } from "@angular/core";
import type { PolicyViewedDetail, PolicyWidgetElement } from "./policy-widget";

@Component({
  selector: "app-privacy",
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <policy-widget #widget policy="privacy" toc offset="64" [attr.since]="since()">
      <a href="https://legal.example.com/privacy">Read our privacy policy</a>
    </policy-widget>
  `,
})
export class PrivacyComponent implements AfterViewInit, OnDestroy {
  readonly since = input<string | null>(null); // the version the user last accepted
  readonly viewed = output<PolicyViewedDetail>();
  private readonly widget = viewChild.required<ElementRef<PolicyWidgetElement>>("widget");
  private readonly onViewed = (e: CustomEvent<PolicyViewedDetail>) => this.viewed.emit(e.detail);

  ngAfterViewInit() {
    this.widget().nativeElement.addEventListener("policy:viewed", this.onViewed);
  }

  ngOnDestroy() {
    this.widget().nativeElement.removeEventListener("policy:viewed", this.onViewed);
  }

  goto(id: string) {
    this.widget().nativeElement.goto(id);
  }
}
