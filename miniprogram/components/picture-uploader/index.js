/**
 * Pictures for a form (after-sales, review, feedback):
 * <picture-uploader purpose="aftersale|review|feedback" max="{{9}}" bindchange="onPicturesChange" />
 *
 * + picks pictures (wx.chooseMedia, or wx.chooseImage where it is missing) up to `max`, and uploads each at once
 * through services/user.js uploadPicture (POST /me/uploads?purpose=, utils/request.js upload()), at most
 * UPLOAD_CONCURRENCY at a time. Each thumbnail shows its progress, an error with 点击重试 (a picture over 5 MB is refused
 * on the phone and can only be removed), and × to remove it. Uploaded pictures are shown through utils/url.js
 * assetUrl(). Every change triggers `change` with {urls (the uploaded ones, in order), uploading (pictures waiting or
 * in flight), failed}: the page sends `urls` as `images` and blocks its submit while `uploading` (or `failed`) > 0.
 * reset() empties it (after the form was sent); answers of removed pictures are dropped.
 */
const userService = require('../../services/user');
const url = require('../../utils/url');
const wxp = require('../../utils/wxp');

const UPLOAD_CONCURRENCY = 3;
const MAX_MB = Math.round(userService.UPLOAD_MAX_BYTES / (1024 * 1024));

function uploadErrorMessage(err) {
  const fileErrors = err && err.errors && err.errors.file;
  if (Array.isArray(fileErrors) && fileErrors.length) return fileErrors[0];
  if (typeof fileErrors === 'string' && fileErrors) return fileErrors;
  return (err && err.message) || '图片上传失败，请重试';
}

/** wx.chooseMedia (base library ≥ 2.10) or wx.chooseImage → [{path, size}]; rejects when cancelled. */
function choosePictures(count) {
  if (typeof wx.chooseMedia === 'function') {
    return wxp
      .call('chooseMedia', { count, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
      .then((res) => ((res && res.tempFiles) || []).map((f) => ({ path: f.tempFilePath, size: f.size })));
  }
  return wxp.call('chooseImage', { count, sourceType: ['album', 'camera'], sizeType: ['compressed'] }).then((res) => {
    if (res && Array.isArray(res.tempFiles)) return res.tempFiles.map((f) => ({ path: f.path, size: f.size }));
    return ((res && res.tempFilePaths) || []).map((path) => ({ path, size: 0 }));
  });
}

Component({
  properties: {
    purpose: { type: String, value: 'feedback' },
    max: { type: Number, value: 9 },
  },

  data: {
    // {key, localPath, src, url, status: waiting | uploading | done | error, progress, error, retryable}
    pictures: [],
  },

  lifetimes: {
    created() {
      this.nextKey = 1;
      this.active = 0;
    },
  },

  methods: {
    indexOfKey(key) {
      return this.data.pictures.findIndex((p) => p.key === key);
    },

    /** Sets fields of the picture `key` (if it was not removed meanwhile). */
    update(key, fields) {
      const index = this.indexOfKey(key);
      if (index === -1) return false;
      const changes = {};
      Object.keys(fields).forEach((name) => {
        changes[`pictures[${index}].${name}`] = fields[name];
      });
      this.setData(changes);
      return true;
    },

    state() {
      const pictures = this.data.pictures;
      return {
        urls: pictures.filter((p) => p.status === 'done').map((p) => p.url),
        uploading: pictures.filter((p) => p.status === 'waiting' || p.status === 'uploading').length,
        failed: pictures.filter((p) => p.status === 'error').length,
      };
    },

    notify() {
      this.triggerEvent('change', this.state());
    },

    async onAdd() {
      const room = this.data.max - this.data.pictures.length;
      if (room <= 0) {
        wxp.toast(`最多上传${this.data.max}张图片`);
        return;
      }
      let files;
      try {
        files = await choosePictures(room);
      } catch (e) {
        return; // cancelled
      }
      this.addFiles(files);
    },

    /** files: [{path, size}] from the picker; what does not fit under `max` is dropped (with a toast). */
    addFiles(files) {
      const room = this.data.max - this.data.pictures.length;
      const chosen = (files || []).filter((f) => f && f.path);
      if (chosen.length > room) wxp.toast(`最多上传${this.data.max}张图片`);
      const added = chosen.slice(0, Math.max(0, room)).map((f) => {
        const tooLarge = f.size > userService.UPLOAD_MAX_BYTES;
        const key = this.nextKey;
        this.nextKey += 1;
        return {
          key,
          localPath: f.path,
          src: url.assetUrl(f.path),
          url: '',
          status: tooLarge ? 'error' : 'waiting',
          progress: 0,
          error: tooLarge ? `图片不能超过 ${MAX_MB} MB` : '',
          retryable: !tooLarge,
        };
      });
      if (!added.length) return;
      this.setData({ pictures: this.data.pictures.concat(added) });
      this.notify();
      this.pump();
    },

    /** Starts waiting uploads while fewer than UPLOAD_CONCURRENCY run. */
    pump() {
      while (this.active < UPLOAD_CONCURRENCY) {
        const next = this.data.pictures.find((p) => p.status === 'waiting');
        if (!next) return;
        this.upload(next.key);
      }
    },

    async upload(key) {
      const picture = this.data.pictures[this.indexOfKey(key)];
      if (!picture) return;
      this.active += 1;
      this.update(key, { status: 'uploading', progress: 0, error: '' });
      try {
        const answer = await userService.uploadPicture(this.data.purpose, picture.localPath, {
          showError: false,
          onProgress: (percent) => {
            const current = this.data.pictures[this.indexOfKey(key)];
            if (current && current.status === 'uploading' && percent >= 0) {
              this.update(key, { progress: Math.min(100, Math.round(percent)) });
            }
          },
        });
        const stored = (answer && answer.url) || '';
        if (!stored) throw { message: '图片上传失败，请重试' };
        this.update(key, { status: 'done', url: stored, src: url.assetUrl(stored), progress: 100 });
      } catch (err) {
        const message = uploadErrorMessage(err);
        if (this.update(key, { status: 'error', error: message, retryable: true, progress: 0 })) {
          if (!(err && err.handled)) wxp.toast(message); // handled: the session ended and request.js said so
        }
      } finally {
        this.active -= 1;
        this.notify();
        this.pump();
      }
    },

    onRetry(e) {
      const index = Number(e.currentTarget.dataset.index);
      const picture = this.data.pictures[index];
      if (!picture || picture.status !== 'error' || !picture.retryable) return;
      this.update(picture.key, { status: 'waiting', error: '', progress: 0 });
      this.notify();
      this.pump();
    },

    onRemove(e) {
      const index = Number(e.currentTarget.dataset.index);
      if (!this.data.pictures[index]) return;
      // an upload still running for it is left to finish; its answer is dropped (the key is gone)
      this.setData({ pictures: this.data.pictures.filter((p, i) => i !== index) });
      this.notify();
    },

    onPreview(e) {
      const index = Number(e.currentTarget.dataset.index);
      const picture = this.data.pictures[index];
      if (!picture) return;
      if (picture.status === 'error' && picture.retryable) {
        this.onRetry(e);
        return;
      }
      const urls = this.data.pictures.map((p) => p.src);
      wx.previewImage({ urls, current: picture.src });
    },

    /** Empties the list (the form was sent). */
    reset() {
      this.setData({ pictures: [] });
      this.notify();
    },
  },
});
